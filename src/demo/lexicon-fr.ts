import type { Lexicon } from './lexicon';

/** French, for the French-language demo source. Actors are singular, so every verb agrees with them. */
export const FRENCH: Lexicon = {
  headlineArticle: null,
  readAlso: 'À lire aussi',
  quoteMarks: ['« ', ' »'],
  grammar: {
    headline: [
      '{actor} {presVerb} {object}',
      '{actor} {presVerb} {object}',
      '{actor} {presVerb} {object} {headlineTail}',
      '{metric} {trendPresent} {headlineWhen}',
    ],
    headlineTail: ['après {event}', 'malgré les critiques', 'pour l’instant', 'à nouveau'],
    headlineWhen: ['pour le troisième mois', 'nettement', 'légèrement', 'à nouveau'],
    lede: [
      '{actor} a {pastVerb} {object} {when}, selon {teller}.',
      '{actor} a {pastVerb} {object} {when}.',
      'À {@Place}, {actor} a {pastVerb} {object} {when}.',
    ],
    sentence: [
      '{lede}',
      '« {quote} », a déclaré {person}, {role}.',
      '{person}, {role}, estime que la décision va {futureVerb} {beneficiary} {whenFuture}.',
      'Cette annonce intervient après {event}.',
      'Les critiques parlent {judgement}.',
      '{actor} n’a pas souhaité réagir dans l’immédiat.',
      'De nouveaux détails sont attendus {whenFuture}.',
      'Selon {teller}, {beneficiary} sont en première ligne.',
      '{connector} {actor} a {pastVerb} {object}.',
      'Environ {number} personnes se sont réunies {when} à {@Place} pour discuter {concern}.',
      'Une décision définitive est attendue {whenFuture}.',
      'Tout le monde n’est pas convaincu.',
      'Une mesure comparable est déjà en vigueur dans plusieurs pays voisins.',
    ],
    quote: [
      'Nous devons agir maintenant',
      'C’est {judgementNominative} pour {beneficiary}',
      'Personne ne s’y attendait',
      'Les prochaines semaines seront décisives',
      'Il est trop tôt pour tirer des conclusions',
    ],
    subheading: ['Et maintenant ?', 'Contexte', 'Les chiffres', 'Réactions à {Place}', 'Des inquiétudes persistent'],
    authors: ['{person}', '{person}', '{person}', '{person}', '{person} et {person}'],
    presVerb: ['approuve', 'annonce', 'confirme', 'reporte', 'critique', 'présente', 'rejette', 'examine', 'défend', 'suspend'],
    pastVerb: ['approuvé', 'annoncé', 'confirmé', 'reporté', 'critiqué', 'présenté', 'rejeté', 'examiné', 'défendu', 'suspendu'],
    futureVerb: ['aider', 'pénaliser', 'soutenir', 'inquiéter'],
    trendPresent: ['augmente', 'recule', 'se stabilise'],
    judgement: ['d’un pas risqué', 'd’un revers', 'd’un tournant', 'd’une décision attendue depuis longtemps'],
    judgementNominative: ['un pas important', 'un revers', 'une bonne nouvelle'],
    role: [
      'porte-parole du ministère', 'analyste chez {@Company}', 'économiste à l’université de {Place}',
      'membre de l’association des riverains',
    ],
    connector: ['Par ailleurs,', 'Dans le même temps,', 'Entre-temps,', 'Plus tôt,'],
    teller: ['un porte-parole', 'les autorités', 'la presse locale', 'des sources proches du dossier'],
    when: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'jeudi soir', 'dans la nuit', 'ce matin'],
    whenFuture: ['l’an prochain', 'dans les prochaines semaines', 'avant l’été', 'd’ici la fin de l’année', 'la semaine prochaine'],
    number: ['200', '300', '1500', 'deux mille'],
    actor: ['le conseil régional', 'le gouvernement'],
    object: ['un nouveau plan', 'le projet', 'de nouvelles règles'],
    event: ['des semaines de négociations à {@Place}', 'de fortes intempéries dans la région', 'une dispute sur le financement'],
    concern: ['de la hausse des prix', 'du manque de personnel', 'des délais d’attente'],
    beneficiary: ['les petites entreprises', 'les familles', 'les retraités', 'les habitants'],
    metric: ['l’inflation', 'le chômage', 'le nombre de demandes'],
    tag: ['actualité'],
  },
  topics: {
    world: {
      actor: ['le ministère des Affaires étrangères', 'le gouvernement de {@Country}', 'l’agence des frontières', 'le conseil régional'],
      object: ['une proposition de cessez-le-feu', 'de nouveaux contrôles aux frontières', 'un accord commercial', 'un plan d’aide humanitaire'],
      tag: ['diplomatie', 'migrations', 'élections', 'climat'],
    },
    politics: {
      actor: ['le Premier ministre', 'l’opposition', 'le Parlement', 'le ministère de l’Intérieur'],
      object: ['une réforme des retraites', 'des élections anticipées', 'une motion de censure', 'le projet de budget'],
      tag: ['politique', 'élections', 'budget', 'Parlement'],
    },
    business: {
      actor: ['la banque centrale', '{@Company}', 'le ministère des Finances', 'l’autorité de la concurrence'],
      object: ['une hausse des taux', 'une offre de rachat sur {@Company}', 'la suppression de 400 emplois', 'un nouvel emprunt vert'],
      tag: ['économie', 'inflation', 'emploi', 'énergie'],
    },
    technology: {
      actor: ['{@TechCompany}', 'l’autorité de protection des données', 'le régulateur des télécoms'],
      object: [
        'une nouvelle puce pour smartphones', 'une mise à jour de sa plateforme cloud',
        'des règles plus strictes pour les boutiques d’applications', 'une faille de sécurité dans {@Project}',
      ],
      tag: ['numérique', 'vie privée', 'cybersécurité', 'logiciels'],
    },
    science: {
      actor: ['l’institut de recherche polaire', 'l’agence spatiale', 'une équipe de biologistes marins', 'le service météorologique'],
      object: [
        'une espèce de corail encore inconnue', 'des traces de glace sur une lune lointaine', 'un nouveau radiotélescope',
        'les résultats d’une étude de dix ans',
      ],
      tag: ['recherche', 'climat', 'espace', 'biologie'],
    },
    health: {
      actor: ['le ministère de la Santé', 'l’agence du médicament', 'l’hôpital de {@Place}'],
      object: [
        'une campagne de vaccination nationale', 'de nouvelles recommandations sur le dépistage',
        'des fonds pour les cliniques rurales', 'des délais d’attente plus courts',
      ],
      tag: ['santé', 'hôpitaux', 'vaccins', 'médecine'],
    },
    sport: {
      actor: ['{@Club}', 'la fédération de football', 'le comité olympique', 'la ligue'],
      object: ['le titre de champion', 'une prolongation de contrat', 'une place en demi-finale', 'le projet d’un nouveau stade'],
      tag: ['football', 'cyclisme', 'athlétisme', 'tennis'],
    },
    culture: {
      actor: ['le musée d’Art nordique', 'le festival du film de {@Place}', 'l’orchestre de la ville', 'le théâtre national'],
      object: [
        'une rétrospective de la photographie ancienne', 'le programme de la saison prochaine', 'le prix littéraire annuel',
        'un manuscrit perdu',
      ],
      tag: ['art', 'musique', 'cinéma', 'livres'],
    },
  },
};
