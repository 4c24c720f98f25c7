// ddemu env: where the user agent cannot name the persona (a phone's browser, a
// plain desktop browser), tell dingtalk-jsapi through its window.__ddSDK.getEnv
// hook, which it prefers over the user agent.
(function () {
  "use strict";

  var config = window.__ddemu.config;
  // PC is never read from the user agent: the library finds it in the
  // window.name that ddemu's host shell gives the app's iframe (pc.js).
  if (config.persona === "pc") return;

  var ua = navigator.userAgent || "";
  var inDingTalk = /DingTalk/i.test(ua);
  var harmony = /OpenHarmony/i.test(ua) && /ArkWeb/i.test(ua);
  var detected = {
    ios: /iPhone|iPad|iPod|iOS/i.test(ua) && inDingTalk,
    android: /Android/i.test(ua) && inDingTalk && !harmony,
    harmony: harmony && inDingTalk
  };
  if (detected[config.persona]) return;

  function language() {
    try {
      return JSON.parse(window.name).language || "*";
    } catch (e) {
      return config.language || "*";
    }
  }

  var sdk = window.__ddSDK || (window.__ddSDK = {});
  if (!sdk.getEnv) {
    sdk.getEnv = function () {
      return {
        platform: config.persona,
        platformSub: "noSub",
        version: config.version,
        appType: "WEB",
        language: language()
      };
    };
  }
})();
