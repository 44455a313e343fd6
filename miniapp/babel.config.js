// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// babel-plugin-import loads NutUI components one by one, with their own CSS
// (3.0.20 ships dist/es, not the documented dist/esm).
const nutui = '@nutui/nutui-react-taro/dist/es/packages'

module.exports = {
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
    }],
  ],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `${nutui}/${name.toLowerCase()}`,
        customStyleName: (name) => `${nutui}/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
}
