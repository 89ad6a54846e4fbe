using System.Globalization;
using System.Net;
using Mnist.Functional.Datasets;
using Mnist.Functional.Images;

namespace Mnist.App.Serve;

/// <summary>
/// The page <c>serve</c> shows: a canvas to draw a digit on (mouse, pen or finger, through pointer events), a file
/// picker and drag-and-drop for a photo (shown on the pad, fitted), the answer with its probability, the digit the model
/// saw (28×28 for MNIST) and a probability bar per class, and, when the "where the model looked" box is ticked, the attribution
/// maps of the answer and of the runner-up drawn over that digit; before the first answer and after a refusal it says
/// what to do instead of showing an empty image. It asks <c>POST /api/predict</c> (with <c>?explain=1</c> while the box
/// is ticked) after every stroke and, throttled, while one is drawn. Self-contained: no request leaves the server.
/// </summary>
public static class ServePage
{
    /// <summary>The page for a <paramref name="model"/> trained on <paramref name="dataset"/>'s images of <paramref name="image"/> pixels, stating the upload <paramref name="limits"/>.</summary>
    public static string Html(string model, string dataset, ImageShape image, ImageLimits limits) =>
        Template.Replace("{{model}}", WebUtility.HtmlEncode(model), StringComparison.Ordinal)
                .Replace("{{dataset}}", WebUtility.HtmlEncode(dataset), StringComparison.Ordinal)
                .Replace("{{size}}", string.Create(CultureInfo.InvariantCulture, $"{image.Width}×{image.Height}"), StringComparison.Ordinal)
                .Replace("{{limits}}", WebUtility.HtmlEncode(limits.ToString()), StringComparison.Ordinal);

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>mnist serve: draw a digit</title>
        <style>
          body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: #111827; background: #f3f4f6; }
          header { background: #111827; color: #f9fafb; padding: 14px 24px; }
          header h1 { margin: 0; font-size: 20px; }
          header p { margin: 2px 0 0; color: #d1d5db; font-size: 13px; }
          main { display: flex; flex-wrap: wrap; gap: 20px; padding: 20px 24px; }
          .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 16px; }
          #pad { width: 280px; height: 280px; border: 1px solid #9ca3af; border-radius: 6px; touch-action: none; cursor: crosshair; background: #fff; display: block; }
          .buttons { display: flex; gap: 8px; margin-top: 10px; align-items: center; }
          button, label.file { font: inherit; padding: 6px 12px; border: 1px solid #9ca3af; border-radius: 6px; background: #f9fafb; cursor: pointer; }
          #drop.over { outline: 3px dashed #2563eb; }
          .result { width: 300px; }
          .answer { display: flex; align-items: baseline; gap: 12px; margin: 0 0 8px; min-height: 64px; }
          #predicted { font-size: 64px; font-weight: 700; line-height: 1; }
          #confidence { font-size: 22px; color: #374151; font-variant-numeric: tabular-nums; }
          .seen { width: 140px; height: 140px; background: #000; border-radius: 4px; display: grid; place-items: center; }
          #prepared { width: 140px; height: 140px; image-rendering: pixelated; display: block; }
          #prepared:not([src]) { display: none; }
          #placeholder { color: #9ca3af; font-size: 13px; text-align: center; padding: 0 12px; }
          .where { display: flex; gap: 12px; margin-top: 10px; }
          .where figure { margin: 0; }
          .where img { width: 140px; height: 140px; image-rendering: pixelated; background: #000; display: block; }
          .where figcaption { font-size: 13px; color: #374151; max-width: 140px; }
          label.toggle { display: flex; gap: 6px; align-items: center; margin-top: 10px; cursor: pointer; }
          .bars { display: grid; grid-template-columns: 1.5em 200px 4.5em; gap: 3px 8px; align-items: center; margin-top: 12px; font-variant-numeric: tabular-nums; }
          .bar { height: 12px; background: #93c5fd; border-radius: 3px; }
          .bar.top { background: #2563eb; }
          .num { text-align: right; }
          #warnings { color: #92400e; padding-left: 18px; }
          #error { color: #b91c1c; }
          .muted { color: #6b7280; font-size: 13px; }
        </style>
        </head>
        <body>
        <header><h1>Draw a digit</h1><p>model {{model}}, trained on {{dataset}} · uploads up to {{limits}}</p></header>
        <main id="drop">
          <section class="card">
            <canvas id="pad" width="280" height="280" aria-label="drawing pad"></canvas>
            <div class="buttons">
              <button id="clear" type="button">Clear</button>
              <label class="file">Choose a photo… <input id="file" type="file" accept="image/*" hidden></label>
            </div>
            <p class="muted">Draw with a mouse, pen or finger, or drop an image file on the page.</p>
          </section>
          <section class="card result">
            <div class="answer" aria-live="polite"><span id="predicted"></span><span id="confidence"></span></div>
            <p class="muted">What the model saw ({{size}}):</p>
            <div class="seen"><img id="prepared" alt="the {{size}} digit the model saw"><span id="placeholder">Draw a digit or choose a photo</span></div>
            <label class="toggle"><input id="explain" type="checkbox"> Show where the model looked</label>
            <div id="where" class="where" hidden>
              <figure><img id="where-top" alt="where the model looked for its answer"><figcaption id="where-top-caption"></figcaption></figure>
              <figure><img id="where-next" alt="where the model looked for the runner-up"><figcaption id="where-next-caption"></figcaption></figure>
            </div>
            <p id="where-legend" class="muted" hidden>Red pixels raised the class's score, blue ones lowered it.</p>
            <div id="bars" class="bars"></div>
            <ul id="warnings"></ul>
            <p id="error" role="alert"></p>
          </section>
        </main>
        <script>
        "use strict";
        const pad = document.getElementById("pad");
        const context = pad.getContext("2d");
        let drawing = false, last = null, pending = null, drawn = false, photo = false, photos = 0, latest = 0, lastFile = null;
        const explain = document.getElementById("explain");

        function clearPad() {
          latest++; // answers to requests made before this are stale
          context.fillStyle = "#fff";
          context.fillRect(0, 0, pad.width, pad.height);
          drawn = false;
          photo = false;
          lastFile = null;
          document.getElementById("error").textContent = "";
          clearAnswer();
        }
        function clearAnswer() {
          document.getElementById("predicted").textContent = "";
          document.getElementById("confidence").textContent = "";
          document.getElementById("bars").replaceChildren();
          document.getElementById("warnings").replaceChildren();
          document.getElementById("prepared").removeAttribute("src");
          document.getElementById("placeholder").hidden = false;
          showWhere(null);
        }
        // The chosen photo, fitted into the pad, so that one sees what was sent; drawing on it starts a new pad.
        async function showPhoto(file) {
          const id = ++photos;
          try {
            const bitmap = await createImageBitmap(file);
            if (id !== photos || !photo) { bitmap.close(); return; }
            const scale = Math.min(pad.width / bitmap.width, pad.height / bitmap.height);
            const width = bitmap.width * scale, height = bitmap.height * scale;
            context.drawImage(bitmap, (pad.width - width) / 2, (pad.height - height) / 2, width, height);
            bitmap.close();
          } catch {
            // Not an image the browser can draw: the server's answer says why.
          }
        }
        function point(event) {
          const box = pad.getBoundingClientRect();
          return { x: (event.clientX - box.left) * pad.width / box.width, y: (event.clientY - box.top) * pad.height / box.height };
        }
        function line(from, to, pressure) {
          context.strokeStyle = "#000";
          context.lineCap = "round";
          context.lineJoin = "round";
          context.lineWidth = 24 * (pressure > 0 && pressure !== 0.5 ? 0.6 + pressure : 1);
          context.beginPath();
          context.moveTo(from.x, from.y);
          context.lineTo(to.x, to.y);
          context.stroke();
        }
        pad.addEventListener("pointerdown", event => {
          if (photo) clearPad();
          drawing = true; drawn = true; last = point(event);
          pad.setPointerCapture(event.pointerId);
          line(last, last, event.pressure);
        });
        pad.addEventListener("pointermove", event => {
          if (!drawing) return;
          const next = point(event);
          line(last, next, event.pressure);
          last = next;
          if (!pending) pending = setTimeout(() => { pending = null; predictPad(); }, 150);
        });
        for (const end of ["pointerup", "pointercancel"])
          pad.addEventListener(end, () => { if (drawing) { drawing = false; predictPad(); } });
        document.getElementById("clear").addEventListener("click", clearPad);

        function predictPad() {
          if (!drawn) return;
          // Encoded at once (toBlob's callback can come late, after the pad was cleared or a photo chosen).
          const png = atob(pad.toDataURL("image/png").split(",")[1]);
          predict(new Blob([Uint8Array.from(png, c => c.charCodeAt(0))], { type: "image/png" }));
        }
        // Only the answer to the newest request is shown; older ones that arrive late are dropped.
        async function predict(blob) {
          const id = ++latest;
          try {
            const response = await fetch(explain.checked ? "api/predict?explain=1" : "api/predict", { method: "POST", body: blob, headers: { "Content-Type": blob.type || "application/octet-stream" } });
            const answer = await response.json();
            if (id !== latest) return;
            if (!response.ok) showError(answer.error || response.statusText); else show(answer);
          } catch (error) {
            if (id === latest) showError(String(error));
          }
        }
        function showError(message) {
          clearAnswer();
          document.getElementById("error").textContent = message;
        }
        // The maps of the answer and the runner-up, drawn by the server over the 28×28 digit; hidden without them.
        function showWhere(explanation) {
          const maps = explanation ? explanation.maps : [];
          document.getElementById("where").hidden = maps.length === 0;
          document.getElementById("where-legend").hidden = maps.length === 0;
          for (const [index, id] of [[0, "where-top"], [1, "where-next"]]) {
            const image = document.getElementById(id);
            const caption = document.getElementById(id + "-caption");
            if (maps[index]) {
              image.src = maps[index].image;
              image.dataset.class = maps[index].label_name;
              caption.textContent = (index === 0 ? "Where it looked for " : "… and for the runner-up, ") + maps[index].label_name + " (" + explanation.method.method + ")";
            } else {
              image.removeAttribute("src");
              caption.textContent = "";
            }
          }
        }
        function show(answer) {
          document.getElementById("error").textContent = "";
          document.getElementById("predicted").textContent = answer.label_name;
          document.getElementById("confidence").textContent = (100 * answer.probabilities[answer.label_name]).toFixed(1) + "%";
          document.getElementById("placeholder").hidden = true;
          document.getElementById("prepared").src = answer.prepared;
          const bars = document.getElementById("bars");
          bars.replaceChildren();
          for (const [name, probability] of Object.entries(answer.probabilities)) {
            const label = document.createElement("span");
            label.textContent = name;
            const track = document.createElement("span");
            const bar = document.createElement("div");
            bar.className = "bar" + (name === answer.label_name ? " top" : "");
            bar.style.width = (100 * probability).toFixed(1) + "%";
            bar.dataset.class = name;
            track.append(bar);
            const value = document.createElement("span");
            value.className = "num";
            value.textContent = (100 * probability).toFixed(1) + "%";
            bars.append(label, track, value);
          }
          const warnings = document.getElementById("warnings");
          warnings.replaceChildren(...answer.warnings.map(warning => {
            const item = document.createElement("li");
            item.textContent = warning.text;
            return item;
          }));
          showWhere(answer.explanation);
        }
        // Ticking or clearing the box asks again for what is on show: the drawing, or the last photo.
        explain.addEventListener("change", () => {
          if (lastFile) predict(lastFile); else if (drawn) predictPad(); else showWhere(null);
        });

        function predictFile(file) {
          if (file) { clearPad(); photo = true; lastFile = file; showPhoto(file); predict(file); }
        }
        document.getElementById("file").addEventListener("change", event => predictFile(event.target.files[0]));
        const drop = document.getElementById("drop");
        drop.addEventListener("dragover", event => { event.preventDefault(); drop.classList.add("over"); });
        drop.addEventListener("dragleave", () => drop.classList.remove("over"));
        drop.addEventListener("drop", event => {
          event.preventDefault();
          drop.classList.remove("over");
          predictFile(event.dataTransfer.files[0]);
        });
        clearPad();
        </script>
        </body>
        </html>
        """;
}
