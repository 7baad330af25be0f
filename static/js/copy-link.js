// A button with data-copy-target="<id>" copies that field's value to the clipboard and says so.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus);
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = button.dataset.copiedText;
    } catch {
      field.select();  // no clipboard permission (plain http): selected, ready for Ctrl+C
      status.textContent = button.dataset.selectText;
    }
  });
});
