/**
 * The commonest passwords (global breach lists and Norwegian favourites), lower-case,
 * compared after lower-casing and stripping trailing digits and symbols, so
 * "Passord123!" counts as "passord".
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `123456 123456789 12345678 password qwerty 12345 qwerty123 1q2w3e 111111 1234567890 1234567
  passord passordet hemmelig hemmelighet sommer vinter høst host vaar vår sommeren vinteren
  norge norway oslo bergen trondheim stavanger tromsø tromso brann rosenborg vålerenga valerenga
  molde lillestrøm lillestrom viking kristiansand drammen fredrikstad sarpsborg bodø bodo glimt
  password1 iloveyou admin welcome monkey dragon letmein football baseball master sunshine
  princess shadow superman michael jordan jennifer hunter buster soccer harley batman andrew
  tigger charlie robert thomas hockey ranger daniel starwars klaster george computer michelle
  jessica pepper zxcvbn zxcvbnm asdfgh asdfghjkl qwertyuiop qazwsx trustno1 abc abcdef abcd
  samvirke samspill individuellplan koordinator helse helsenorge kommune sykehus nav
  velkommen velkommen1 hallo heisann hei test testing test123 demo demo-passord
  kjærlighet kjaerlighet elskerdeg jegelskerdeg familie mamma pappa mormor morfar farmor
  farfar barna ungene hjemme fotball håndball handball ski skiing langrenn hytta hytte
  bamse pusekatt katt hund hunden kattepus snuppa skatt skatten nordmann norsk
  januar februar mars april mai juni juli august september oktober november desember
  mandag tirsdag onsdag torsdag fredag lørdag lordag søndag sondag
  qwertz azerty changeme default secret login access passw0rd p@ssw0rd p@ssword pa55word
  whatever freedom ninja mustang access14 flower hottie loveme zaq1zaq1 qwe123 aa123456
  666666 777777 888888 999999 000000 121212 123123 654321 123321 112233 159753 147258369
  987654321 11111111 00000000 1qaz2wsx 1q2w3e4r 1q2w3e4r5t qweasdzxc asd123 q1w2e3r4
  internett internet facebook google apple samsung microsoft windows linux`
    .split(/\s+/)
    .filter(Boolean),
);
