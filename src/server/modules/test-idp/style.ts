/** The test ID-porten's stylesheet, served as /test-idp/style.css (the CSP allows no inline style). */
export const STYLESHEET = `
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 100%; line-height: 1.5; color: #1e1e1e; background: #f4f4f4; }
body { margin: 0; }
.banner { background: #fff3cd; border-bottom: 4px solid #8a6d00; padding: 0.75rem 1rem; }
.banner p { margin: 0; max-width: 40rem; margin-inline: auto; }
.banner-title { font-weight: 700; }
.banner-sub, .sub { color: #4a4a4a; font-weight: 400; }
main { max-width: 40rem; margin: 1.5rem auto; padding: 1.5rem 1rem; background: #fff; border-radius: 0.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; }
h1 .sub, h2 .sub { display: block; font-size: 1rem; }
fieldset { border: 1px solid #8c8c8c; border-radius: 0.375rem; margin: 0 0 1rem; padding: 0.5rem 1rem 0.75rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.choice { display: flex; gap: 0.5rem; align-items: center; margin: 0.375rem 0; }
.choice input { width: 1.25rem; height: 1.25rem; margin: 0; }
.field { display: flex; flex-direction: column; gap: 0.25rem; margin-bottom: 1rem; }
.field input { font: inherit; padding: 0.625rem 0.75rem; border: 1px solid #5e5e5e; border-radius: 0.375rem; max-width: 16rem; }
.field input[aria-invalid="true"] { border: 2px solid #b3261e; }
.error-text { color: #b3261e; font-weight: 600; margin: 0; }
.alert { border-left: 4px solid #b3261e; background: #fdecea; padding: 0.75rem 1rem; margin: 0 0 1rem; }
ul.people { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
button { font: inherit; font-weight: 600; cursor: pointer; border-radius: 0.375rem; border: 2px solid #0062ba; background: #0062ba; color: #fff; padding: 0.625rem 1rem; min-height: 2.75rem; }
button:hover { background: #004f96; border-color: #004f96; }
button.person { width: 100%; text-align: left; display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; background: #fff; color: #0b3c6e; }
button.person:hover { background: #e6f0fa; }
button.secondary { background: #fff; color: #0062ba; }
button.secondary:hover { background: #e6f0fa; }
.pid { font-variant-numeric: tabular-nums; font-weight: 400; }
.status { font-weight: 400; font-style: italic; }
.actions { display: flex; gap: 0.75rem; flex-wrap: wrap; margin-top: 1.5rem; }
a { color: #0b5cad; }
:focus-visible { outline: 3px solid #1e1e1e; outline-offset: 2px; }
`;
