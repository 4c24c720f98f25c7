// A stand-in for a library loaded from the CDN: packed as an external asset.
window.offlineBanner = 'banner from the CDN entry';
