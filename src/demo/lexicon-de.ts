import type { Lexicon } from './lexicon';

/** German, for the German-language demo source. Actors are nominative, objects accusative. */
export const GERMAN: Lexicon = {
  headlineArticle: /^(?:der|die|das) /i,
  readAlso: 'Lesen Sie auch',
  quoteMarks: ['„', '“'],
  grammar: {
    headline: [
      '{actor} {presVerb} {object}',
      '{actor} {presVerb} {object}',
      '{actor} {presVerb} {object} {headlineTail}',
      '{metric} {trendPresent} {headlineWhen}',
    ],
    headlineTail: ['nach langen Verhandlungen', 'trotz Kritik', 'vorerst', 'erneut', 'überraschend'],
    headlineWhen: ['erneut', 'im dritten Monat in Folge', 'deutlich', 'leicht'],
    lede: [
      '{actor} {pastVerb} {when} {object}, wie {teller} mitteilte.',
      '{actor} {pastVerb} {when} {object}.',
      'In {@Place} {pastVerb} {actor} {when} {object}.',
    ],
    sentence: [
      '{lede}',
      '„{quote}“, sagte {person}, {role}.',
      '{person}, {role}, sagte, die Entscheidung werde {beneficiary} {whenFuture} {futureVerb}.',
      'Zuvor hatte es {event} gegeben.',
      'Kritiker sprechen von {judgement}.',
      'Wie es weitergeht, ist noch unklar.',
      '{actor} wollte sich auf Anfrage zunächst nicht äußern.',
      '{connector} {pastVerb} {actor} {object}.',
      'Weitere Einzelheiten will {actor} {whenFuture} vorlegen.',
      'Nach Angaben von {tellerDative} betrifft das vor allem {beneficiary}.',
      'Rund {number} Menschen kamen {when} in {@Place} zusammen, um über {concern} zu sprechen.',
    ],
    quote: [
      'Wir müssen jetzt handeln',
      'Das ist {judgementNominative} für {beneficiary}',
      'Niemand hat damit gerechnet',
      'Die nächsten Wochen werden entscheidend sein',
      'Es ist zu früh für eine Bewertung',
    ],
    subheading: ['Wie es weitergeht', 'Hintergrund', 'Die Zahlen', 'Reaktionen aus {Place}', 'Kritik bleibt'],
    authors: ['{person}', '{person}', '{person}', '{person}', '{person} und {person}'],
    presVerb: ['billigt', 'kritisiert', 'verschiebt', 'bestätigt', 'prüft', 'stoppt', 'fordert', 'begrüßt', 'plant', 'verteidigt'],
    pastVerb: [
      'billigte', 'kritisierte', 'verschob', 'bestätigte', 'prüfte', 'stoppte', 'forderte', 'begrüßte', 'plante',
      'verteidigte',
    ],
    futureVerb: ['entlasten', 'belasten', 'unterstützen', 'treffen', 'verunsichern'],
    trendPresent: ['steigt', 'sinkt', 'stagniert'],
    judgement: ['einem riskanten Schritt', 'einem überfälligen Schritt', 'einem Rückschlag', 'einem Wendepunkt'],
    judgementNominative: ['ein wichtiger Schritt', 'ein Rückschlag', 'eine gute Nachricht'],
    role: [
      'Sprecherin des Ministeriums', 'Sprecher der Stadtverwaltung', 'Analystin bei {@Company}',
      'Professor an der Universität {Place}', 'Vorsitzende des Anwohnervereins',
    ],
    connector: ['Unterdessen', 'Zugleich', 'Bereits im Frühjahr', 'Am Abend'],
    teller: ['ein Sprecher', 'eine Sprecherin', 'die Behörde'],
    tellerDative: ['Fachleuten', 'Beobachtern', 'Behördenvertretern'],
    when: [
      'am Montag', 'am Dienstag', 'am Mittwoch', 'am Donnerstag', 'am Freitag', 'am Samstag', 'am Sonntag',
      'am Abend', 'in der Nacht', 'bereits am Morgen',
    ],
    whenFuture: ['im kommenden Jahr', 'in den nächsten Wochen', 'bis zum Sommer', 'noch in diesem Jahr', 'nächste Woche'],
    number: ['200', '300', '1500', 'tausend'],
    actor: ['der Regionalrat', 'die Landesregierung'],
    object: ['einen neuen Plan', 'das Vorhaben', 'neue Regeln'],
    event: ['monatelange Debatten', 'heftige Unwetter in der Region', 'einen Streit über die Finanzierung'],
    concern: ['die steigenden Preise', 'den Fachkräftemangel', 'die Wartezeiten'],
    beneficiary: ['kleine Unternehmen', 'Familien', 'Pendler', 'Rentner'],
    metric: ['die Inflation', 'die Arbeitslosigkeit', 'die Zahl der Anträge'],
    tag: ['Nachrichten'],
  },
  topics: {
    world: {
      actor: ['das Außenministerium', 'die Regierung von {@Country}', 'die Grenzbehörde', 'der Regionalrat'],
      object: ['einen Vorschlag für eine Waffenruhe', 'neue Grenzkontrollen', 'ein Handelsabkommen', 'ein Hilfspaket'],
      tag: ['Diplomatie', 'Migration', 'Wahlen', 'Klima'],
    },
    politics: {
      actor: ['der Ministerpräsident', 'die Opposition', 'das Parlament', 'das Innenministerium', 'die Regierungskoalition'],
      object: ['eine Rentenreform', 'vorgezogene Neuwahlen', 'ein Misstrauensvotum', 'den Haushaltsentwurf'],
      tag: ['Politik', 'Wahlen', 'Haushalt', 'Parlament'],
    },
    business: {
      actor: ['die Zentralbank', '{@Company}', 'das Finanzministerium', 'die Wettbewerbsbehörde', 'der Hafenbetreiber'],
      object: ['eine Zinserhöhung', 'ein Übernahmeangebot für {@Company}', 'den Abbau von 400 Stellen', 'eine neue Anleihe'],
      tag: ['Wirtschaft', 'Inflation', 'Arbeitsmarkt', 'Energie'],
    },
    technology: {
      actor: ['{@TechCompany}', 'die Datenschutzbehörde', 'die Netzagentur'],
      object: [
        'einen neuen Smartphone-Chip', 'ein Update für die Cloud-Plattform', 'strengere Regeln für App-Stores',
        'eine Sicherheitslücke in {@Project}',
      ],
      tag: ['Datenschutz', 'Künstliche Intelligenz', 'Software', 'Telekommunikation'],
    },
    science: {
      actor: ['das Institut für Polarforschung', 'die Raumfahrtagentur', 'ein Team von Meeresbiologen', 'der Wetterdienst'],
      object: [
        'eine bisher unbekannte Korallenart', 'Hinweise auf Wassereis auf einem fernen Mond', 'ein neues Radioteleskop',
        'die Ergebnisse einer zehnjährigen Studie',
      ],
      tag: ['Forschung', 'Klima', 'Raumfahrt', 'Biologie'],
    },
    health: {
      actor: ['das Gesundheitsministerium', 'die Arzneimittelbehörde', 'das Klinikum {@Place}'],
      object: ['eine landesweite Impfkampagne', 'neue Leitlinien zur Krebsvorsorge', 'mehr Geld für Landarztpraxen', 'kürzere Wartezeiten'],
      tag: ['Gesundheit', 'Kliniken', 'Impfungen', 'Medizin'],
    },
    sport: {
      actor: ['{@Club}', 'der Fußballverband', 'das Olympische Komitee', 'die Liga'],
      object: ['den Meistertitel', 'eine Vertragsverlängerung', 'den Einzug ins Halbfinale', 'ein neues Stadion'],
      tag: ['Fußball', 'Radsport', 'Leichtathletik', 'Tennis'],
    },
    culture: {
      actor: ['das Museum für Nordische Kunst', 'das Filmfestival in {@Place}', 'das Stadtorchester', 'das Staatstheater'],
      object: ['eine Retrospektive früher Fotografie', 'das Programm für die nächste Saison', 'den Literaturpreis', 'ein verschollenes Manuskript'],
      tag: ['Kunst', 'Musik', 'Film', 'Literatur'],
    },
  },
};
