// Material's search box talks to a worker; this gives it one that searches the index built at
// build time (generator/search_index.py), off the page's thread from disk (file://) as over http.
// The worker's code and the index load with script tags, which work from disk where fetch and
// workers' URLs do not; the worker is made from the code (a blob URL). Other workers are left be.
(() => {
  "use strict";
  const Native = window.Worker;
  const load = (src) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });

  class DossierSearchWorker extends EventTarget {
    constructor(url) {
      super();
      // The site's root, from the worker's address: <root>/assets/javascripts/workers/search.*.js
      const root = new URL("../../../", new URL(url, location.href));
      const code = new URL("search/dossier_worker.js", root);
      const part = (n) => new URL(`search/dossier_index.${n}.js`, root).href;
      this.ready = load(code).then(() => {
        const blob = new Blob([self.__dossierWorker], { type: "text/javascript" });
        delete self.__dossierWorker;
        const worker = new Native(URL.createObjectURL(blob));
        worker.onmessage = (event) => {
          const message = new MessageEvent("message", { data: event.data });
          this.dispatchEvent(message);
          if (this.onmessage) this.onmessage(message);
        };
        return worker;
      });
      if (location.protocol === "file:") {
        // From disk only a script tag can read a file: one part per task, each handed over as read.
        (async () => {
          for (let n = 1; ; n++) {
            await load(part(n));
            const piece = self.__dossierIndex;
            delete self.__dossierIndex;
            this.ready.then((worker) => worker.postMessage({ type: "part", data: piece }));
            if (piece.last) break;
          }
        })();
      } else {
        this.ready.then((worker) => worker.postMessage({ type: "parts", data: new URL("search/", root).href }));
      }
    }

    postMessage(message) {
      this.ready.then((worker) => worker.postMessage(message));
    }

    terminate() {
      this.ready.then((worker) => worker.terminate());
    }
  }

  function Worker(url, options) {
    if (/\/workers\/search\.[^/]*\.js$/.test(new URL(url, location.href).pathname)) {
      return new DossierSearchWorker(url);
    }
    const Other = location.protocol === "file:" && window.IFrameWorker ? window.IFrameWorker : Native;
    return new Other(url, options);
  }
  // Loaded before the iframe-worker shim (listed for the offline plugin, which would otherwise
  // add it from a CDN): its "Worker = IFrameWorker" for file:// must not replace this one.
  Object.defineProperty(window, "Worker", { get: () => Worker, set: () => {}, configurable: true });
})();
