// Upload progress for forms marked data-upload-progress: the form is sent
// with XMLHttpRequest so that its progress can be shown; the answer (the
// next page, or the form with its errors) then replaces the page, as the
// plain form's would. Without JavaScript the form works as it is.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var status = form.querySelector(".sv-upload-progress");
    if (!status || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    var bar = status.querySelector("progress");
    var text = status.querySelector("span");
    var label = form.getAttribute("data-upload-progress") || "%";
    form.addEventListener("submit", function (ev) {
      var chosen = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (f) {
        return f.files && f.files.length > 0;
      });
      if (!chosen) {
        return; // nothing to upload: the plain form tells what is missing
      }
      ev.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.round((e.loaded / e.total) * 100);
          bar.value = pct;
          text.textContent = label.replace("%d", pct);
        }
      });
      xhr.addEventListener("load", function () {
        var url = xhr.responseURL || form.action;
        document.open();
        document.write(xhr.responseText);
        document.close();
        window.history.replaceState(null, "", url);
      });
      xhr.addEventListener("error", function () {
        form.submit(); // the plain form, once more
      });
      status.hidden = false;
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      xhr.send(new FormData(form));
    });
  });
})();
