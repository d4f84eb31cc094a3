import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

// `taro build native-components --type weapp` compiles the components listed under
// `components` in app.config.ts into standalone custom components (used by the
// miniprogram-simulate test); it gets its own output folder so it never mixes with the app.
const nativeComponents = process.argv.includes('native-components')
const platform = process.env.TARO_ENV ?? 'weapp'
const outputRoot = nativeComponents ? `dist/native-${platform}` : `dist/${platform}`
// shared/ (schemas, API registry) lives beside miniprogram/ and is compiled with the app.
const sharedDir = path.resolve(__dirname, '..', '..', 'shared')

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'huika',
    date: '2026-11-24',
    // NutUI is drawn on a 375 px design; our own styles on Taro's 750 px one.
    designWidth(input) {
      const file = typeof input === 'object' ? input.file : undefined
      return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot,
    alias: {
      '@shared': sharedDir,
    },
    // The CloudBase environment for weapp builds (`HUIKA_CLOUD_ENV=... taro build --type weapp`);
    // empty means the mini-program's default environment. Replaced at build time: weapp has no `process`.
    defineConstants: { HUIKA_CLOUD_ENV: JSON.stringify(process.env.HUIKA_CLOUD_ENV ?? '') },
    // Bundled mall pictures: items name them by absolute path ('/assets/mall/latte.svg'), so the
    // folder is copied as is to the output root, where H5 serves it and weapp packages it.
    copy: { patterns: nativeComponents ? [] : [{ from: 'src/assets/mall/', to: `${outputRoot}/assets/mall/` }], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir] },
      // Class names are BEM-scoped per component, so the order pages happen to import them in does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Deep links such as /pages/card/index?from=menu; the local server answers unknown GETs with index.html.
      router: { mode: 'browser' },
      compile: { include: [sharedDir] },
      // Taro splits only initial chunks, so every lazily loaded page would carry its own copy of
      // zod and NutUI; splitting async chunks too lets the pages share them.
      webpackChain(chain) {
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' })
      },
      esnextModules: ['nutui-react'],
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig)
})
