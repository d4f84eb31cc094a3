import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { cancel } from './cancel'
import { item, items } from './items'
import { orders } from './orders'
import { redeem } from './redeem'

/** Cloud function `mall`: the points mall for members (list, detail, redeem, orders, cancel). */
export const definition = defineFunction('mall', { items, item, redeem, orders, cancel })

/** CloudBase entry point. */
export const main = cloudMain(definition)
