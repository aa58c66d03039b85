import type { Grammar } from './grammar';
import type { DemoLanguage, Topic } from './lexicon';

/**
 * An event that many demo sources report, each in its language: its grammar overrides the topic's actors,
 * objects and events with the event's own, so that its names and words ("Valdoria", "election", "Wahl",
 * "élections", "Storm Hester", "café") recur across sources and a search for them finds a story, not one
 * article. Headlines keep to the shapes that name an actor or an object.
 */
export interface DemoStory {
  name: string;
  topic: Topic;
  grammars: Readonly<Record<DemoLanguage, Grammar>>;
}

/** The headline shapes of a story article: each names the story's actor or object. */
const HEADLINES: Readonly<Record<DemoLanguage, Grammar>> = {
  en: { headline: ['{actor} {presVerb} {object}', '{actor} {presVerb} {object} {headlineTail}', '{object} {headlinePassive} {headlineWhen}'] },
  de: { headline: ['{actor} {presVerb} {object}', '{actor} {presVerb} {object} {headlineTail}'] },
  fr: { headline: ['{actor} {presVerb} {object}', '{actor} {presVerb} {object} {headlineTail}'] },
};

const story = (name: string, topic: Topic, grammars: Record<DemoLanguage, Grammar>): DemoStory => ({
  name,
  topic,
  grammars: { en: { ...HEADLINES.en, ...grammars.en }, de: { ...HEADLINES.de, ...grammars.de }, fr: { ...HEADLINES.fr, ...grammars.fr } },
});

/** The stories of the demo data; about one article in twenty is about one of them. */
export const DEMO_STORIES: readonly DemoStory[] = [
  story('valdoria-election', 'politics', {
    en: {
      actor: ['the electorate of Valdoria', 'Valdoria’s election commission', 'the opposition in Valdoria', 'the caretaker government of Valdoria'],
      object: ['the snap election in Valdoria', 'a recount of the Valdoria election', 'the Valdoria election results', 'a second round of the election'],
      event: ['the collapse of Valdoria’s coalition', 'the first election night in Valdoria'],
      tag: ['Valdoria election', 'elections'],
    },
    de: {
      actor: ['die Wahlkommission in Valdoria', 'die Opposition in Valdoria', 'die Übergangsregierung von Valdoria'],
      object: ['die vorgezogene Wahl in Valdoria', 'eine Neuauszählung der Wahlen in Valdoria', 'das Ergebnis der Wahl in Valdoria'],
      event: ['dem Bruch der Koalition in Valdoria'],
      tag: ['Wahlen in Valdoria'],
    },
    fr: {
      actor: ['l’électorat de Valdoria', 'la commission électorale de Valdoria', 'l’opposition en Valdoria'],
      object: ['les élections anticipées en Valdoria', 'un recomptage de l’élection en Valdoria', 'les résultats de l’élection en Valdoria'],
      event: ['la chute de la coalition en Valdoria'],
      tag: ['élections en Valdoria'],
    },
  }),
  story('storm-hester', 'world', {
    en: {
      actor: ['Storm Hester', 'the rescue service in Kestrel Bay', 'the coastguard in Kestrel Bay'],
      object: ['the flood defences of Kestrel Bay', 'the evacuation of Kestrel Bay', 'emergency aid after Storm Hester'],
      event: ['Storm Hester', 'the floods in Kestrel Bay'],
      tag: ['Storm Hester', 'floods'],
    },
    de: {
      actor: ['Sturm Hester', 'der Rettungsdienst in Kestrel Bay', 'die Küstenwache von Kestrel Bay'],
      object: ['die Evakuierung von Kestrel Bay', 'Nothilfe nach dem Sturm Hester', 'den Hochwasserschutz in Kestrel Bay'],
      event: ['dem Sturm Hester', 'den Überschwemmungen in Kestrel Bay'],
      tag: ['Sturm Hester', 'Hochwasser'],
    },
    fr: {
      actor: ['la tempête Hester', 'le service de secours de Kestrel Bay', 'la garde côtière de Kestrel Bay'],
      object: ['l’évacuation de Kestrel Bay', 'une aide d’urgence après la tempête Hester', 'les digues de Kestrel Bay'],
      event: ['la tempête Hester', 'les inondations à Kestrel Bay'],
      tag: ['tempête Hester', 'inondations'],
    },
  }),
  story('lindqvist-recall', 'business', {
    en: {
      actor: ['Lindqvist Motors', 'the car safety regulator', 'an association of Lindqvist car owners'],
      object: ['a recall of 40,000 electric cars', 'the battery recall at Lindqvist Motors', 'refunds for the recalled Lindqvist cars'],
      event: ['battery fires in two Lindqvist cars', 'the Lindqvist Motors recall'],
      tag: ['Lindqvist Motors', 'recall'],
    },
    de: {
      actor: ['Lindqvist Motors', 'die Verkehrssicherheitsbehörde', 'ein Verband von Lindqvist-Besitzern'],
      object: ['den Rückruf von 40.000 Elektroautos', 'den Batterie-Rückruf bei Lindqvist Motors'],
      event: ['Batteriebränden in zwei Lindqvist-Autos'],
      tag: ['Lindqvist Motors', 'Rückruf'],
    },
    fr: {
      actor: ['Lindqvist Motors', 'le régulateur de la sécurité routière', 'une association de propriétaires de voitures Lindqvist'],
      object: ['le rappel de 40 000 voitures électriques', 'le rappel des batteries chez Lindqvist Motors'],
      event: ['des incendies de batteries sur deux voitures Lindqvist'],
      tag: ['Lindqvist Motors', 'rappel'],
    },
  }),
  story('cafe-lumiere', 'culture', {
    en: {
      actor: ['the Café Lumière in Castelmar', 'the owner of the Café Lumière', 'the city council of Castelmar'],
      object: ['the reopening of the Café Lumière', 'a rescue plan for the Café Lumière', 'the sale of the Café Lumière'],
      event: ['the closure of the Café Lumière', 'a fire at the Café Lumière'],
      tag: ['Café Lumière', 'Castelmar'],
    },
    de: {
      actor: ['das Café Lumière in Castelmar', 'die Besitzerin des Café Lumière', 'der Stadtrat von Castelmar'],
      object: ['die Wiedereröffnung des Café Lumière', 'einen Rettungsplan für das Café Lumière'],
      event: ['der Schließung des Café Lumière'],
      tag: ['Café Lumière', 'Castelmar'],
    },
    fr: {
      actor: ['le café Lumière de Castelmar', 'la propriétaire du café Lumière', 'le conseil municipal de Castelmar'],
      object: ['la réouverture du café Lumière', 'un plan de sauvetage pour le café Lumière', 'la vente du café Lumière'],
      event: ['la fermeture du café Lumière', 'un incendie au café Lumière'],
      tag: ['café Lumière', 'Castelmar'],
    },
  }),
];

/**
 * What the featured article (catalog.ts's FEATURED_ARTICLE, which the README's `article(url:)` example reads) is
 * about, so that its body tells of the bridge its headline names. Not one of DEMO_STORIES: no other article
 * is written about it.
 */
export const FEATURED_STORY: DemoStory = story('port-averly-bridge', 'world', {
  en: {
    actor: ['the harbour authority of Port Averly', 'the mayor of Port Averly', 'the engineers of the harbour bridge'],
    object: ['the new harbour bridge', 'the harbour bridge in Port Averly', 'the first traffic over the harbour bridge'],
    event: ['the opening of the harbour bridge', 'three years of work on the harbour bridge'],
    tag: ['Port Averly', 'harbour bridge'],
    // What one does with a bridge that opens, not the topic's verbs ("rejected the harbour bridge").
    pastVerb: ['opened', 'inspected', 'celebrated', 'welcomed', 'completed', 'toured'],
    presVerb: ['opens', 'celebrates', 'welcomes', 'completes'],
  },
  de: {
    actor: ['die Hafenbehörde von Port Averly', 'der Bürgermeister von Port Averly'],
    object: ['die neue Hafenbrücke', 'die Hafenbrücke von Port Averly'],
    event: ['der Eröffnung der Hafenbrücke'],
    tag: ['Port Averly', 'Hafenbrücke'],
  },
  fr: {
    actor: ['l’autorité portuaire de Port Averly', 'le maire de Port Averly'],
    object: ['le nouveau pont du port', 'le pont du port de Port Averly'],
    event: ['l’ouverture du pont du port'],
    tag: ['Port Averly', 'pont du port'],
  },
});
