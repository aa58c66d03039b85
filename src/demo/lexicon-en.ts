import type { Lexicon } from './lexicon';

/** English: the language of most demo sources. */
export const ENGLISH: Lexicon = {
  headlineArticle: /^(?:the|a|an) /i,
  readAlso: 'Read also',
  quoteMarks: ['“', '”'],
  grammar: {
    headline: [
      '{actor} {presVerb} {object}',
      '{actor} {presVerb} {object}',
      '{actor} {presVerb} {object} {headlineTail}',
      '{object} {headlinePassive} {headlineWhen}',
      '{metric} {trendPresent} {headlineWhen}',
    ],
    headlineTail: ['after {event}', 'amid {concern}', 'despite objections', 'as {metric} {trendPresent}'],
    headlinePassive: ['approved', 'delayed', 'put on hold', 'under review', 'confirmed', 'scrapped', 'back on the table'],
    headlineWhen: ['until spring', 'for the third month', 'after talks', 'again', 'for now', 'this week', 'at last'],
    lede: [
      '{actor} {pastVerb} {object} {when}, {teller} said.',
      '{actor} {pastVerb} {object} {when} after {event}.',
      '{actor} has {pastVerb} {object}, in a move {teller} described as {judgement}.',
      'In {@Place}, {actor} {pastVerb} {object} {when}.',
    ],
    sentence: [
      '{lede}',
      '“{quote},” {person}, {role}, said.',
      '“{quote},” said {person}, {role}.',
      '{person}, {role}, said the decision would {futureVerb} {beneficiary} {whenFuture}.',
      'The move comes after {event} {whenPast}.',
      '{connector} {actor} {pastVerb} {object}.',
      'Figures published {when} showed {metric} {trendPast} {comparison}.',
      'Critics say {object} will {futureVerb} {beneficiary}, while supporters argue it is {judgement}.',
      '{teller} said {object} was expected to {futureVerb} {beneficiary} {whenFuture}.',
      'It was not immediately clear how {object} would affect {beneficiary}.',
      '{actor} did not respond to a request for comment.',
      'The issue has divided opinion in {@Place} since {event} {whenPast}.',
      '{number} people attended a meeting in {@Place} {when} to discuss {concern}.',
      'According to {document}, {concern} remains the main risk for {beneficiary}.',
      '{actor} is due to publish further details {whenFuture}.',
      'Talks between {actor} and {actor} are expected to continue {whenFuture}.',
      'Residents of {@Place} said they had been worried about {concern} for some time.',
    ],
    quote: [
      'We have to {futureVerb} {beneficiary} {whenFuture}',
      'This is {judgement} for {beneficiary}',
      'Nobody expected {object} to come so quickly',
      'We will keep listening to {beneficiary}',
      'It is too early to say what this will mean for {beneficiary}',
      'The next few weeks will be decisive',
      'Our priority is to address {concern}',
    ],
    subheading: [
      'What happens next', 'Background', 'The numbers', 'Reaction in {Place}', 'A long dispute',
      'Concerns remain', 'What critics say', 'The wider picture',
    ],
    authors: ['{person}', '{person}', '{person}', '{person}', '{person} and {person}'],
    presVerb: [
      'approves', 'announces', 'unveils', 'delays', 'backs', 'rejects', 'welcomes', 'confirms', 'postpones',
      'defends', 'reviews', 'questions', 'expands', 'scraps', 'outlines',
    ],
    pastVerb: [
      'approved', 'announced', 'unveiled', 'delayed', 'backed', 'rejected', 'welcomed', 'confirmed', 'postponed',
      'defended', 'reviewed', 'questioned', 'expanded', 'scrapped', 'outlined',
    ],
    futureVerb: ['help', 'hurt', 'support', 'put pressure on', 'reassure', 'frustrate', 'benefit'],
    trendPresent: ['rises', 'falls', 'climbs', 'drops', 'edges up', 'slips'],
    trendPast: ['rose', 'fell', 'climbed', 'dropped', 'edged up', 'slipped'],
    comparison: [
      'compared with a year earlier', 'in line with forecasts', 'well above expectations',
      'slightly below forecasts', 'for the second quarter in a row', 'to the highest level in a decade',
    ],
    judgement: [
      'a significant step', 'long overdue', 'a risky gamble', 'a welcome surprise', 'a setback', 'a turning point',
      'premature',
    ],
    role: [
      'a spokesperson for {actor}', 'a senior analyst at {@Company}', 'a professor at the University of {Place}',
      'a former adviser to the government', 'who chairs the residents’ association in {Place}',
      'a member of the regional council',
    ],
    connector: ['Meanwhile,', 'However,', 'Separately,', 'At the same time,', 'Earlier,', 'In a statement,', 'Last year,'],
    teller: [
      'officials', 'a spokesperson', 'people familiar with the matter', 'local media', 'the agency', 'analysts',
      'two people briefed on the talks',
    ],
    when: [
      'on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'on Saturday', 'on Sunday',
      'late on Friday', 'earlier this week', 'this morning', 'overnight', 'on Thursday evening',
    ],
    whenPast: ['last year', 'last month', 'in the spring', 'two years ago', 'earlier this year', 'last winter'],
    whenFuture: [
      'next year', 'within weeks', 'before the summer', 'in the coming months', 'later this year',
      'by the end of the decade', 'next month',
    ],
    number: ['about 300', 'more than 2,000', 'several hundred', 'around 150', 'nearly 1,000', 'dozens of'],
    document: [
      'a report published {when}', 'an internal memo seen by reporters', 'draft documents',
      'a survey of {number} households', 'figures from the statistics office',
    ],
    actor: ['the regional council', 'the government'],
    object: ['a new plan', 'the proposal'],
    event: ['months of debate'],
    concern: ['rising costs'],
    beneficiary: ['local residents'],
    metric: ['public spending'],
    tag: ['news'],
  },
  topics: {
    world: {
      actor: [
        'the foreign ministry', 'the regional assembly', 'the coalition government', 'the border agency',
        'the government of {@Country}', 'the United Maritime Council', 'the delegation from {@Country}',
        'the disaster relief agency',
      ],
      object: [
        'a ceasefire proposal', 'new border checks', 'a trade corridor agreement', 'the humanitarian aid package',
        'a plan to rebuild the {River} bridge', 'an evacuation order for coastal districts', 'the new visa rules',
      ],
      event: [
        'weeks of talks in {@Place}', 'flooding along the {River} river', 'a disputed election in {@Country}',
        'a diplomatic row over fishing rights', 'heavy storms across the region',
      ],
      concern: ['rising food prices', 'the safety of aid workers', 'displacement along the border', 'water shortages'],
      beneficiary: ['families in border towns', 'aid organisations', 'neighbouring countries', 'coastal communities'],
      metric: ['the number of asylum applications', 'food prices', 'aid deliveries'],
      tag: ['diplomacy', 'elections', 'migration', 'climate', 'aid', 'conflict', 'borders'],
    },
    politics: {
      actor: [
        'the prime minister', 'the opposition party', 'parliament', 'the interior ministry', 'the governing coalition',
        'the constitutional court', 'the mayor of {@Place}',
      ],
      object: [
        'a bill to reform pensions', 'early elections', 'a vote of no confidence', 'new spending rules',
        'a referendum on regional autonomy', 'the draft budget',
      ],
      event: [
        'a heated debate in parliament', 'the resignation of the finance minister', 'local elections in {@Place}',
        'weeks of protests',
      ],
      concern: ['the cost of living', 'trust in public institutions', 'regional inequality'],
      beneficiary: ['pensioners', 'voters', 'young families', 'local councils'],
      metric: ['support for the government', 'voter turnout', 'public debt'],
      tag: ['elections', 'parliament', 'budget', 'pensions', 'government'],
    },
    business: {
      actor: [
        'the central bank', '{@Company}', 'the competition regulator', 'the finance ministry',
        'shareholders of {@Company}', 'the employers’ federation', 'the port authority',
      ],
      object: [
        'interest rates', 'a takeover bid for {@Company}', 'the full-year profit forecast', 'a plan to cut 400 jobs',
        'a new green bond', 'higher fuel duties', 'a merger with {@Company}',
      ],
      event: [
        'a weaker than expected quarter', 'a strike at the {Place} plant', 'months of falling orders',
        'a sharp rise in energy costs',
      ],
      concern: ['rising borrowing costs', 'weak consumer demand', 'supply chain delays', 'the strength of the currency'],
      beneficiary: ['small businesses', 'savers', 'first-time buyers', 'exporters', 'shareholders'],
      metric: ['inflation', 'quarterly revenue', 'unemployment', 'exports', 'house prices', 'retail sales'],
      tag: ['economy', 'markets', 'inflation', 'jobs', 'energy', 'trade', 'banking'],
    },
    technology: {
      actor: [
        '{@TechCompany}', 'the data protection authority', 'a group of independent security researchers',
        'the telecoms regulator', 'the open-source foundation behind {@Project}',
      ],
      object: [
        'a new smartphone chip', 'an update to the cloud platform', 'stricter rules for app stores',
        'a security flaw in {@Project}', 'a solar-powered data centre', 'a satellite internet service',
        'a ban on facial recognition in schools',
      ],
      event: [
        'a major outage', 'a data breach affecting millions of accounts', 'a lengthy antitrust investigation',
        'a shortage of memory chips',
      ],
      concern: ['the privacy of user data', 'the energy use of data centres', 'a shortage of skilled engineers', 'online misinformation'],
      beneficiary: ['app developers', 'small online shops', 'users', 'rural households', 'schools'],
      metric: ['smartphone sales', 'cloud revenue', 'broadband coverage'],
      tag: ['artificial intelligence', 'privacy', 'cybersecurity', 'chips', 'startups', 'software', 'telecoms'],
    },
    science: {
      actor: [
        'researchers at the {@Institute}', 'the national space agency', 'a team of marine biologists', 'the {@Institute}',
        'an international group of climate scientists', 'the national weather service',
      ],
      object: [
        'a previously unknown species of deep-sea coral', 'evidence of water ice on a distant moon',
        'a cheaper way to store hydrogen', 'the results of a ten-year study', 'a new radio telescope',
        'a map of the ocean floor',
      ],
      event: [
        'an unusually warm winter', 'the launch of a weather satellite', 'a long-running debate among geologists',
        'a decade of fieldwork',
      ],
      concern: ['the loss of wetland habitats', 'funding for basic research', 'rising sea temperatures', 'the reproducibility of results'],
      beneficiary: ['farmers', 'coastal towns', 'future missions', 'young researchers', 'doctors'],
      metric: ['sea temperatures', 'the number of nesting birds', 'research funding'],
      tag: ['space', 'climate', 'biology', 'physics', 'oceans', 'research'],
      Institute: ['Institute for Polar Research', 'Saltmere Observatory', 'Kestrel Institute of Technology', 'Centre for Marine Studies'],
    },
    health: {
      actor: [
        'the health ministry', 'the {@Hospital}', 'the medicines agency', 'the union representing junior doctors',
        'the public health institute',
      ],
      object: [
        'a nationwide vaccination campaign', 'new guidelines on cancer screening', 'funding for rural clinics',
        'a trial of a new asthma drug', 'shorter waiting times for surgery',
      ],
      event: ['a severe flu season', 'a shortage of nurses', 'a rise in hospital admissions', 'a review of emergency care'],
      concern: ['waiting times', 'staff shortages', 'the cost of medicines'],
      beneficiary: ['patients', 'nurses', 'older people', 'rural communities'],
      metric: ['hospital admissions', 'vaccination rates', 'waiting times'],
      tag: ['health', 'hospitals', 'vaccines', 'medicine', 'public health'],
      Hospital: ['Northwick General Hospital', 'St Brigid’s Hospital', 'Saltmere University Hospital'],
    },
    sport: {
      actor: [
        '{@Club}', 'the national football federation', 'the Olympic committee', 'the {Club} manager', 'the league',
        'the cycling union',
      ],
      object: [
        'the league title', 'a three-year contract extension', 'a place in the semi-final', 'plans for a new stadium',
        'a ban on synthetic pitches', 'the transfer of their captain',
      ],
      presVerb: ['wins', 'secures', 'clinches', 'confirms', 'backs', 'rejects', 'defends'],
      pastVerb: ['won', 'secured', 'clinched', 'confirmed', 'backed', 'rejected', 'defended'],
      event: ['a late equaliser', 'a penalty shoot-out in {@Place}', 'a season of injuries', 'a record crowd at the derby'],
      concern: ['ticket prices', 'player safety', 'the state of the pitch', 'a crowded fixture list'],
      beneficiary: ['supporters', 'young players', 'the women’s team', 'smaller clubs'],
      metric: ['attendance', 'ticket sales', 'the wage bill'],
      tag: ['football', 'cycling', 'athletics', 'tennis', 'sailing', 'transfers'],
    },
    culture: {
      actor: [
        'the {@Museum}', 'the film festival in {@Place}', 'the city orchestra', 'the national theatre',
        'the novelist {@person}', 'the arts council',
      ],
      object: [
        'a retrospective of early photography', 'the programme for next season', 'the annual literature prize',
        'a lost manuscript', 'plans for a new concert hall', 'a restored silent film',
      ],
      event: ['a record summer for visitors', 'the death of its founding director', 'a long restoration', 'a dispute over funding'],
      concern: ['ticket prices', 'funding for regional theatres', 'the future of local bookshops'],
      beneficiary: ['young artists', 'visitors', 'local audiences', 'independent publishers'],
      metric: ['visitor numbers', 'book sales', 'box office takings'],
      tag: ['art', 'music', 'film', 'books', 'theatre', 'heritage'],
      Museum: ['Museum of Northern Art', 'Castelmar Gallery', 'Harbour Maritime Museum'],
    },
  },
};
