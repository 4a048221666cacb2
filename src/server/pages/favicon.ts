/**
 * The site icon: a speech bubble on the widget's blue, like the launcher. Pages link the SVG as a
 * data URL (no request, nothing fetched from elsewhere); `/favicon.ico` serves the same drawing as a
 * 32 px icon for browsers and tools that ask for it by that name. The ICO is one PNG image, rendered
 * from FAVICON_SVG in Chromium at 32 × 32 and kept here so the server needs no image library.
 */

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d4ed8"/>' +
  '<path d="M8 7h16a3 3 0 0 1 3 3v10a3 3 0 0 1-3 3H15l-6 5v-5H8a3 3 0 0 1-3-3V10a3 3 0 0 1 3-3z" fill="#fff"/>' +
  '<path d="M10 12.5h12M10 17.5h8" stroke="#1d4ed8" stroke-width="2.4" stroke-linecap="round"/></svg>';

/** For `<link rel="icon" href="…">`. */
export const FAVICON_DATA_URL = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;

const FAVICON_ICO_BASE64 =
  'AAABAAEAICAAAAEAIACKAgAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAAj9JREFUeJzElzFoE1Ecxr//5VLFaBu1xhpNVQSjg9huDlZwUUyxFBzURUvppgh1EYQigoiC4OQgdHAQBBdbKljERV3qYjNYqoumbYxNHLzSNlHD3et7KS1pe+He9V7vfsv9H+/l/315+XJ3T0cV0c4f0a3m314CTjCiFn6NQQEMKBBjaX4dmQttfmwMHDSW5mip2Hf+2zki1s/LODaWHGPUkx1Kvlk2kGgfP4sQDcNHuImUMEHN7RPbWag4xr3sgb/k2L/IMc3USlcDEBfEWd38FV3jgUNACG2NgQVmQGjrRLR/9cSuaAi3u2I41Rqp1F74bZj4MDqP+88Klboaoa3bfehOz250tG2DCsQXuHC6HmGdcP1Rbs28rYGTx7dANbV62hrYUe9t29301CHBrSfT+P7zP9xwaG8dHlxrclznaGCqUMaLtzNwy6exEm5cbES8UfdmIBEL4/KZBtc7cLh5k6O4lAHBQ4mtXC8aAkZZCGVD59qAbAhlQ+fagGwIZUPn2oDA9xD+mTWhmlo9bQ18TBehmlo9bX+Cu/15WBZDW0sEOxu8P47ff158HNtBiY6vzKnJ5GByxdi0gL6neTwfNuAV17GdLVrovpet/O1UoPH347zs4syvMlI3M8rEhbbGT0BpmbUjX0pI9WYwwU2oQmjzHYCjgZfvZnCpbxJzJQtK4drU1Dl+IGzRKB9G4S9GWWOt2vTA0QyzqBt+w9AltCs3ouzr5CtxVuNlDhuPOJympoaODIoBVc8EcTxfAAAA//8LYRDpAAAABklEQVQDADZa4N49HGtKAAAAAElFTkSuQmCC';

/** The bytes of /favicon.ico (ICO header plus one 32 × 32 PNG). */
export const FAVICON_ICO: ArrayBuffer = Uint8Array.from(Buffer.from(FAVICON_ICO_BASE64, 'base64')).buffer;
