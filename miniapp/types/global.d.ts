/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** Build-time constants from config/index.ts `defineConstants`. */
declare const API_BASE: string;
declare const WECHAT_STANDIN: string;

/** Injected into index.html by the local H5 server at serve time (H5 only). */
interface Window {
  __HUIYUAN__?: { apiBase?: string; wechatStandIn?: string };
}

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform Taro builds for. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    TARO_APP_ID: string;
  }
}
