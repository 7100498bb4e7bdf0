// Marks the signed-in user in the demo's user switcher; switching keeps the current page and its query.
(function () {
  var meta = document.querySelector('meta[name="webim-uid"]');
  var uid = meta ? meta.getAttribute('content') : '';
  var links = document.querySelectorAll('.switcher a');
  for (var i = 0; i < links.length; i++) {
    var a = links[i];
    var target = new URL(a.getAttribute('href'), location.href);
    var url = new URL(location.href);
    url.searchParams.delete('user');
    url.searchParams.delete('visitor');
    target.searchParams.forEach(function (value, key) {
      url.searchParams.set(key, value);
    });
    a.setAttribute('href', url.pathname + url.search);
    if (target.searchParams.get('user') === uid) a.setAttribute('aria-current', 'true');
  }
})();
