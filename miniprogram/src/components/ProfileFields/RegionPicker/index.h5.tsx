import { Picker } from '@tarojs/components'
import { areaList } from '@vant/area-data'
import { useMemo, useState } from 'react'
import type { RegionPickerProps } from '.'

type Area = { name: string; children: Area[] }

/**
 * Taro's H5 Picker has no region mode, so this is a three-column multiSelector over
 * @vant/area-data (GB/T 2260 codes: 2 digits province, 4 city, 6 district). H5 only:
 * the weapp build uses WeChat's own region picker and never bundles this data.
 */
function buildTree(): Area[] {
  const provinces = new Map<string, Area>()
  const cities = new Map<string, Area>()
  for (const [code, name] of Object.entries(areaList.province_list)) provinces.set(code.slice(0, 2), { name, children: [] })
  for (const [code, name] of Object.entries(areaList.city_list)) {
    const city = { name, children: [] }
    cities.set(code.slice(0, 4), city)
    provinces.get(code.slice(0, 2))?.children.push(city)
  }
  for (const [code, name] of Object.entries(areaList.county_list)) cities.get(code.slice(0, 4))?.children.push({ name, children: [] })
  return [...provinces.values()]
}

let tree: Area[] | undefined

function indicesOf(areas: Area[], names: string[]): number[] {
  const p = Math.max(0, areas.findIndex((a) => a.name === names[0]))
  const c = Math.max(0, areas[p].children.findIndex((a) => a.name === names[1]))
  const d = Math.max(0, areas[p].children[c]?.children.findIndex((a) => a.name === names[2]) ?? 0)
  return [p, c, d]
}

export default function RegionPicker({ value, onChange, children }: RegionPickerProps) {
  const areas = (tree ??= buildTree())
  const [idx, setIdx] = useState(() => indicesOf(areas, value))
  const columns = useMemo(() => {
    const cities = areas[idx[0]].children
    const districts = cities[idx[1]]?.children ?? []
    return [areas.map((a) => a.name), cities.map((a) => a.name), districts.map((a) => a.name)]
  }, [areas, idx])

  const onColumnChange = (column: number, row: number) => {
    const next = [...idx]
    next[column] = row
    for (let i = column + 1; i < 3; i++) next[i] = 0
    setIdx(next)
  }
  const confirm = (chosen: number[]) => {
    const p = areas[chosen[0]]
    const c = p?.children[chosen[1]]
    const d = c?.children[chosen[2]]
    onChange([p?.name, c?.name, d?.name].filter((x): x is string => !!x))
  }

  return (
    <Picker
      mode='multiSelector'
      range={columns}
      value={idx}
      onColumnChange={(e) => onColumnChange(e.detail.column, e.detail.value)}
      onChange={(e) => confirm(e.detail.value as number[])}
      onCancel={() => setIdx(indicesOf(areas, value))}
    >
      {children}
    </Picker>
  )
}
