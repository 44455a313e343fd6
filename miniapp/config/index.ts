import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { clientErrorWords, clientRouteTable } from './routes'

// A build is a production build unless a developer asks for development (e.g. `--watch`). Jest runs
// `npm run build:h5` with NODE_ENV=test, which babel-preset-taro reads as "compile for Jest"
// (CommonJS modules, react-refresh) and which breaks the bundle.
if (process.env.NODE_ENV !== 'development' && process.env.NODE_ENV !== 'production') {
  process.env.NODE_ENV = 'production'
}

const sharedDir = path.resolve(__dirname, '..', '..', 'shared')

/** Build-time fallbacks; on H5 the server's window.__HUIYUAN__ wins at run time. */
const apiBase = process.env.HUIYUAN_API_BASE || 'http://localhost:3000'
const wechatStandIn = process.env.HUIYUAN_WECHAT_STANDIN || 'http://localhost:3900'

// A release build for WeChat (HUIYUAN_RELEASE=1, see README "Releasing the mini-program") must call the
// API over HTTPS on a domain listed in the mini-program's request domains: refuse anything else.
if (process.env.HUIYUAN_RELEASE && process.env.TARO_ENV !== 'h5' && !/^https:\/\/[^/:]+(\/|$)/.test(apiBase)) {
  throw new Error(`HUIYUAN_RELEASE: HUIYUAN_API_BASE must be the API's https:// domain (no port), got ${apiBase}`)
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'huiyuan',
    date: '2025-01-01',
    // NutUI is drawn for a 375 px wide design, our own styles for 750.
    designWidth(input) {
      const file = typeof input === 'object' && input ? input.file : undefined
      return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      WECHAT_STANDIN: JSON.stringify(wechatStandIn),
      ROUTE_TABLE: JSON.stringify(clientRouteTable(sharedDir)),
      ERROR_WORDS: JSON.stringify(clientErrorWords(sharedDir)),
    },
    alias: {
      '@shared': sharedDir,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    // weapp: Chinese text stays UTF-8 (3 bytes a character) instead of \uXXXX escapes (6 bytes), which
    // keeps about 9 KB of the main package's UI wording out of the 2 MB main-package limit.
    ...(process.env.TARO_ENV === 'h5' ? {} : { terser: { enable: true, config: { output: { ascii_only: false } } } }),
    cache: { enable: false },
    mini: {
      // The repo's shared/ (contract + domain) lives outside sourceRoot: compile it with Taro's babel too.
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      // Pages load as async chunks: share what they have in common (NutUI, zod, the API client)
      // instead of repeating it in every page's chunk. Webpack's 244 KiB hint is noise for this app.
      webpackChain(chain) {
        chain.performance.hints(false)
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' })
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
