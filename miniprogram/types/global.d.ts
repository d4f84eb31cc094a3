/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5'
    NODE_ENV: 'development' | 'production'
  }
}

/** Set from the HUIKA_CLOUD_ENV environment variable at build time (config/index.ts). */
declare const HUIKA_CLOUD_ENV: string
