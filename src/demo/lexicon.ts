import type { Grammar } from './grammar';

/** The topics demo articles are written about; each is also a demo category slug. */
export const TOPICS = ['world', 'politics', 'business', 'technology', 'science', 'health', 'sport', 'culture'] as const;
export type Topic = (typeof TOPICS)[number];

/** The languages demo text is generated in. */
export type DemoLanguage = 'en' | 'de' | 'fr';

/**
 * The words of one language. `grammar` holds the sentence shapes every topic shares and must define the rules
 * `headline`, `lede`, `sentence`, `quote`, `subheading` and `authors`; `topics` fills the shapes with each
 * topic's actors, objects, events and `tag`s, overriding the shared rules of the same name.
 * No word may contain `<`, `>`, `&` or `"` (the text doubles as HTML) nor `|` (tags are joined with it).
 */
export interface Lexicon {
  grammar: Grammar;
  topics: Readonly<Record<Topic, Grammar>>;
  /** The article a headline drops from its front ("Council approves …"); null where headlines keep it. */
  headlineArticle: RegExp | null;
  /** The label of a "read also" link to an earlier article. */
  readAlso: string;
  /** Opening and closing quotation marks around a pull quote. */
  quoteMarks: readonly [string, string];
}

/** Fictional people, places and organisations, named alike in every language. */
export const PROPER_NAMES: Grammar = {
  person: ['{first} {last}'],
  first: [
    'Amara', 'Tomasz', 'Ingrid', 'Kofi', 'Lucía', 'Mei', 'Rahul', 'Sofia', 'Johan', 'Elif', 'Marcus', 'Noor',
    'Henrik', 'Aiyana', 'Dmitri', 'Fatima', 'Oren', 'Priya', 'Seamus', 'Yuki', 'Beatriz', 'Kwame', 'Lena',
    'Mateo', 'Nadia', 'Olusegun', 'Rosa', 'Tariq', 'Vera', 'Agnes', 'Bruno', 'Clara', 'Emil', 'Hana', 'Jonas',
    'Leila', 'Miriam', 'Pavel', 'Sanna', 'Teodor',
  ],
  last: [
    'Okafor', 'Lindqvist', 'Moreau', 'Castellano', 'Haddad', 'Novak', 'Brennan', 'Achterberg', 'Fairweather',
    'Kowalczyk', 'Nakamura', 'Osei', 'Petrov', 'Quintero', 'Ravensworth', 'Sandoval', 'Thorsen', 'Underhill',
    'Valdés', 'Whitcombe', 'Yilmaz', 'Zielinski', 'Abernethy', 'Bellamy', 'Dunmore', 'Eklund', 'Ferreira',
    'Grünwald', 'Halloran', 'Ishikawa', 'Jansen', 'Kerrigan', 'Laurent', 'Mbeki', 'Nieminen', 'Ostrowski',
  ],
  Place: [
    'Port Averly', 'Kestrel Bay', 'Marrowgate', 'Lindenfeld', 'Castelmar', 'Oskarshavn', 'Bramblecombe',
    'Saltmere', 'Northwick', 'Vellano', 'Eastholm', 'Corrigan Falls', 'Brenzau', 'Montclair-sur-Lys',
  ],
  Country: ['Valdoria', 'Estmark', 'Norland', 'Suvenia', 'Ardeland', 'Lusmark', 'Caldera'],
  River: ['Alder', 'Vessa', 'Tarn', 'Morrow', 'Lys'],
  Company: [
    'Lindqvist Motors', 'Brightwater Energy', 'Halvorsen Shipping', 'Copperleaf Foods', 'Norrstar Bank',
    'Orchard and Vine', 'Greyfield Steel', 'Aldermoor Insurance',
  ],
  TechCompany: ['Pellucid Systems', 'Quillwork Labs', 'Tinderbox Software', 'Northwire Networks', 'Lattice Robotics'],
  Project: ['Lattice OS', 'Heron', 'OpenLedger', 'Cobalt Mail', 'Fernweh Maps'],
  Club: ['Port Averly Rovers', 'Marrowgate United', 'Kestrel Bay Athletic', 'Lindenfeld Wanderers', 'Saltmere City'],
};
