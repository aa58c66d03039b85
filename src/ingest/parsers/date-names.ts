/**
 * The words feeds write in dates, lower-cased and without diacritics: month and weekday names in the languages
 * feeds are published in (English, German, Portuguese, French, Spanish, Italian) and time-zone abbreviations.
 */

const MONTH_WORDS: readonly string[][] = [
  ['jan', 'january', 'januar', 'janeiro', 'janv', 'janvier', 'ene', 'enero', 'gen', 'gennaio'],
  ['feb', 'february', 'februar', 'fev', 'fevereiro', 'fevr', 'fevrier', 'febrero', 'febbraio'],
  ['mar', 'march', 'marz', 'mrz', 'marco', 'mars', 'marzo'],
  ['apr', 'april', 'abr', 'abril', 'avr', 'avril', 'aprile'],
  ['may', 'mai', 'maio', 'mayo', 'mag', 'maggio'],
  ['jun', 'june', 'juni', 'junho', 'juin', 'junio', 'giu', 'giugno'],
  ['jul', 'july', 'juli', 'julho', 'juil', 'juillet', 'julio', 'lug', 'luglio'],
  ['aug', 'august', 'ago', 'agosto', 'aou', 'aout'],
  ['sep', 'sept', 'september', 'set', 'setembro', 'septembre', 'septiembre', 'settembre'],
  ['oct', 'october', 'okt', 'oktober', 'out', 'outubro', 'octobre', 'octubre', 'ott', 'ottobre'],
  ['nov', 'november', 'novembro', 'novembre', 'noviembre'],
  ['dec', 'december', 'dez', 'dezember', 'dezembro', 'decembre', 'dic', 'diciembre', 'dicembre'],
];

/** Month number (1–12) by name. */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  MONTH_WORDS.flatMap((words, index) => words.map((word): [string, number] => [word, index + 1])),
);

/**
 * Weekday names, which carry no information a date needs: they are read past, never checked, since feeds
 * often state the wrong one. Spanish and French `mar` (Tuesday) is left out: it is read as March.
 */
export const WEEKDAYS: ReadonlySet<string> = new Set([
  // English
  'sun', 'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat',
  'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
  // German
  'so', 'mo', 'di', 'mi', 'do', 'fr', 'sa',
  'sonntag', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonnabend',
  // Portuguese (`segunda-feira`)
  'dom', 'seg', 'ter', 'qua', 'qui', 'sex', 'sab',
  'domingo', 'segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'feira',
  // French
  'dim', 'lun', 'mer', 'jeu', 'ven', 'sam', 'dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi',
  // Spanish and Italian
  'mie', 'jue', 'vie', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes',
  'gio', 'lunedi', 'martedi', 'mercoledi', 'giovedi', 'venerdi',
]);

/** Words between the parts of a written date ("March 2nd, 2024 at 4:00 pm", "24 de setembro de 2018"). */
export const FILLER_WORDS: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th', 'at', 'of', 'de', 'del', 'le', 'um', 'uhr']);

/**
 * UTC offsets in minutes of the zone abbreviations seen in feeds. RFC 822 §5 defines UT, GMT, Z and the
 * North American zones; the others are the common readings of ambiguous names (IST as India, CST as US Central).
 */
export const ZONES: ReadonlyMap<string, number> = new Map([
  ['z', 0], ['ut', 0], ['utc', 0], ['gmt', 0], ['wet', 0],
  ['edt', -240], ['est', -300], ['cdt', -300], ['cst', -360], ['mdt', -360], ['mst', -420], ['pdt', -420], ['pst', -480],
  ['akdt', -480], ['akst', -540], ['hst', -600], ['ast', -240], ['adt', -180], ['nst', -210], ['ndt', -150],
  ['brt', -180], ['brst', -120], ['art', -180], ['clt', -240], ['cot', -300], ['pet', -300],
  ['bst', 60], ['ist', 330], ['west', 60], ['cet', 60], ['met', 60], ['cest', 120], ['mest', 120],
  ['eet', 120], ['eest', 180], ['msk', 180], ['wat', 60], ['cat', 120], ['sast', 120], ['eat', 180],
  ['gst', 240], ['pkt', 300], ['ict', 420], ['wib', 420], ['hkt', 480], ['sgt', 480], ['awst', 480],
  ['jst', 540], ['kst', 540], ['acst', 570], ['acdt', 630], ['aest', 600], ['aedt', 660], ['nzst', 720], ['nzdt', 780],
]);
