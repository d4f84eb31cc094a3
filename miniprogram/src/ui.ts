/**
 * The NutUI-React-Taro components this app uses, with their styles, in one place.
 * Importing each component's own stylesheet (not NutUI's 230 KB style.css) keeps the
 * weapp package small; the ES build is tree-shaken down to these.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/style.css'

export { Button, Cell, CellGroup, Checkbox, Empty, Input, Loading, Radio, Tag } from '@nutui/nutui-react-taro'
