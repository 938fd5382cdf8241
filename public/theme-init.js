/* Applies the saved theme before the first paint (a file, not an inline script: the Content-Security-Policy allows scripts from this site only). */
(function () {
  try {
    var t = localStorage.getItem('candlelab.theme');
    if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
  } catch (e) {
    /* storage blocked: the system theme applies */
  }
})();
