/**
 * The test ID-porten's pages: plain HTML forms, Norwegian with English subtitles, no
 * script and no inline style (the app's CSP allows neither).
 */

export const ACR_HIGH = 'idporten-loa-high';
export const ACR_SUBSTANTIAL = 'idporten-loa-substantial';

export type TestPerson = { name: string; pid: string; status: string };

export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(prefix: string, title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} – Test-ID-porten</title>
<link rel="stylesheet" href="${prefix}/style.css">
</head>
<body>
<header class="banner">
<p class="banner-title">Test-ID-porten – bare for opplæring og test</p>
<p class="banner-sub" lang="en">Test ID-porten – for training and testing only</p>
</header>
<main>
${main}
</main>
</body>
</html>`;
}

function acrChoices(idPrefix: string, selected: string): string {
  const choice = (value: string, label: string, english: string) => {
    const id = `${idPrefix}-${value === ACR_HIGH ? 'high' : 'substantial'}`;
    const checked = value === selected ? ' checked' : '';
    return `<div class="choice"><input type="radio" id="${id}" name="acr" value="${value}"${checked}><label for="${id}">${label} <span class="sub" lang="en">${english}</span></label></div>`;
  };
  return `<fieldset>
<legend>Sikkerhetsnivå <span class="sub" lang="en">Security level</span></legend>
${choice(ACR_HIGH, 'Høyt', 'High')}
${choice(ACR_SUBSTANTIAL, 'Betydelig', 'Substantial')}
</fieldset>`;
}

const STATUS_TEXT: Record<string, string> = {
  invited: 'invitert',
  deactivated: 'deaktivert',
};

export function loginPage(input: {
  prefix: string;
  uid: string;
  people: TestPerson[];
  acr: string;
  error?: { otherPid: string };
}): string {
  const action = `${input.prefix}/interaction/${encodeURIComponent(input.uid)}`;
  const people =
    input.people.length === 0
      ? '<p>Ingen personer er registrert ennå. <span lang="en">Nobody is registered yet.</span></p>'
      : `<ul class="people">
${input.people
  .map((person) => {
    const status = STATUS_TEXT[person.status];
    const statusText = status ? ` <span class="status">(${status})</span>` : '';
    return `<li><button type="submit" class="person" name="pid" value="${escapeHtml(person.pid)}"><span>${escapeHtml(person.name)}${statusText}</span> <span class="pid">${escapeHtml(person.pid)}</span></button></li>`;
  })
  .join('\n')}
</ul>`;
  const invalid = input.error !== undefined;
  const errorText = invalid
    ? '<p class="error-text" id="other-pid-error">Skriv 11 siffer. <span lang="en">Enter 11 digits.</span></p>'
    : '';
  return page(
    input.prefix,
    'Logg inn',
    `<h1>Logg inn <span class="sub" lang="en">Log in</span></h1>
<p>Dette er ikke den ekte ID-porten. Velg en testperson, eller skriv inn et syntetisk fødselsnummer. <span lang="en">This is not the real ID-porten. Choose a test person or enter a synthetic national identity number.</span></p>
${invalid ? '<div class="alert" role="alert"><p>Fødselsnummeret må ha 11 siffer. <span lang="en">The national identity number must have 11 digits.</span></p></div>' : ''}
<section aria-labelledby="registered-heading">
<h2 id="registered-heading">Registrerte personer <span class="sub" lang="en">Registered people</span></h2>
<form method="post" action="${action}/login">
${acrChoices('acr-list', input.acr)}
${people}
</form>
</section>
<section aria-labelledby="other-heading">
<h2 id="other-heading">Annet fødselsnummer <span class="sub" lang="en">Another national identity number</span></h2>
<form method="post" action="${action}/login">
<div class="field">
<label for="other-pid">Fødselsnummer, 11 siffer <span class="sub" lang="en">National identity number, 11 digits</span></label>
${errorText}
<input id="other-pid" name="pid" inputmode="numeric" autocomplete="off" maxlength="11" value="${escapeHtml(input.error?.otherPid ?? '')}"${invalid ? ' aria-invalid="true" aria-describedby="other-pid-error"' : ''}>
</div>
${acrChoices('acr-other', input.acr)}
<button type="submit">Logg inn <span lang="en">Log in</span></button>
</form>
</section>
<form method="post" action="${action}/abort" class="actions">
<button type="submit" class="secondary">Avbryt innloggingen <span lang="en">Cancel</span></button>
</form>`,
  );
}

export function logoutPage(prefix: string, form: string): string {
  return page(
    prefix,
    'Logg ut',
    `<h1>Logg ut <span class="sub" lang="en">Log out</span></h1>
<p>Vil du logge ut av Test-ID-porten og tjenestene du har brukt? <span lang="en">Do you want to log out of Test ID-porten and the services you have used?</span></p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logg ut <span lang="en">Yes, log out</span></button>
<button type="submit" form="op.logoutForm" class="secondary">Nei, fortsett <span lang="en">No, stay logged in</span></button>
</div>`,
  );
}

export function loggedOutPage(prefix: string): string {
  return page(
    prefix,
    'Logget ut',
    `<h1>Du er logget ut <span class="sub" lang="en">You are logged out</span></h1>
<p><a href="/">Til Samvirke <span lang="en">To Samvirke</span></a></p>`,
  );
}

export function errorPage(prefix: string, error: string, description: string | undefined): string {
  return page(
    prefix,
    'Noe gikk galt',
    `<h1>Noe gikk galt <span class="sub" lang="en">Something went wrong</span></h1>
<p>Innloggingen kunne ikke fullføres. Start på nytt fra Samvirke. <span lang="en">The login could not be completed. Start again from Samvirke.</span></p>
<p>Feilkode <span lang="en">Error code</span>: <code>${escapeHtml(error)}</code>${description ? ` – ${escapeHtml(description)}` : ''}</p>
<p><a href="/">Til Samvirke <span lang="en">To Samvirke</span></a></p>`,
  );
}
