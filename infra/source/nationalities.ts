/**
 * Per-nationality data tables: a few dozen realistic given names, family names, cities, states and street names for
 * each of the 21 nationalities randomuser.me 1.4 serves, plus the tables shared by all of them. Lists are written as
 * `|`-separated text; an entry `native=ascii` gives the ASCII spelling used in e-mail addresses for scripts that do
 * not fold to Latin (Persian, Cyrillic).
 */
import { isJsonSafe } from "./json.ts";

/**
 * The nationalities of randomuser.me 1.4, in its order.
 *
 * @example
 * NATIONALITIES.includes("GB"); // true
 */
export const NATIONALITIES = [
  "AU",
  "BR",
  "CA",
  "CH",
  "DE",
  "DK",
  "ES",
  "FI",
  "FR",
  "GB",
  "IE",
  "IN",
  "IR",
  "MX",
  "NL",
  "NO",
  "NZ",
  "RS",
  "TR",
  "UA",
  "US",
] as const;

export type Nat = (typeof NATIONALITIES)[number];

/** A name as shown, and its lowercase ASCII form without spaces, as used in e-mail addresses. */
export interface Name {
  readonly text: string;
  readonly ascii: string;
}

export interface NationalityData {
  readonly country: string;
  readonly male: readonly Name[];
  readonly female: readonly Name[];
  readonly last: readonly Name[];
  readonly cities: readonly string[];
  readonly states: readonly string[];
  readonly streets: readonly string[];
}

const FOLDED: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  ø: "o",
  đ: "d",
  ı: "i",
  ł: "l",
  œ: "oe",
  þ: "th",
};

/**
 * Lowercase ASCII spelling of a Latin-script name, without spaces: accents dropped, a few letters spelled out.
 *
 * @example
 * asciiFold("Đorđević"); // "dordevic"
 * asciiFold("van der Meer"); // "vandermeer"
 */
export function asciiFold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ßæøđıłœþ]/g, (letter) => FOLDED[letter] ?? letter)
    .replace(/\s+/g, "");
}

/** The entries of a `|`-separated list; each must be JSON-safe, since the renderer writes table entries as is. */
function split(text: string): string[] {
  const entries = text
    .split("|")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const unsafe = entries.find((entry) => !isJsonSafe(entry));
  if (unsafe !== undefined) throw new Error(`table entry ${JSON.stringify(unsafe)} would need JSON escaping`);
  return entries;
}

function names(text: string): Name[] {
  return split(text).map((entry) => {
    const [shown = entry, ascii] = entry.split("=");
    const name = { text: shown, ascii: ascii ?? asciiFold(shown) };
    if (!/^[a-z'-]+$/.test(name.ascii)) throw new Error(`no ASCII spelling for the name ${entry}`);
    return name;
  });
}

function nationality(
  country: string,
  lists: { male: string; female: string; last: string; cities: string; states: string; streets: string },
): NationalityData {
  return {
    country,
    male: names(lists.male),
    female: names(lists.female),
    last: names(lists.last),
    cities: split(lists.cities),
    states: split(lists.states),
    streets: split(lists.streets),
  };
}

/**
 * Each nationality's tables.
 *
 * @example
 * nationalities.FR.country; // "France"
 * nationalities.UA.male[0]; // { text: "Олександр", ascii: "oleksandr" }
 */
export const nationalities: Readonly<Record<Nat, NationalityData>> = {
  AU: nationality("Australia", {
    male: `Jack|Oliver|William|Noah|Thomas|James|Lucas|Henry|Charlie|Ethan|Liam|Cooper|Mason|Lachlan|Harrison|
      Riley|Jayden|Hunter|Xavier|Samuel|Max|Zachary|Harley|Mitchell`,
    female: `Charlotte|Olivia|Ava|Mia|Amelia|Isla|Chloe|Ruby|Grace|Sophie|Zoe|Emily|Ella|Lily|Matilda|Sienna|
      Isabella|Evie|Harper|Jessica|Madison|Kayla|Brooke|Abby`,
    last: `Smith|Jones|Williams|Brown|Wilson|Taylor|Johnson|White|Martin|Anderson|Thompson|Nguyen|Thomas|Walker|
      Harris|Lee|Ryan|Robinson|Kelly|King|Davis|Wright|Evans|Roberts`,
    cities: `Sydney|Melbourne|Brisbane|Perth|Adelaide|Gold Coast|Newcastle|Canberra|Wollongong|Geelong|Hobart|
      Townsville|Cairns|Darwin|Toowoomba|Ballarat|Bendigo|Albury|Launceston|Mackay|Rockhampton|Bunbury|Bundaberg|
      Wagga Wagga`,
    states: `New South Wales|Victoria|Queensland|Western Australia|South Australia|Tasmania|
      Australian Capital Territory|Northern Territory`,
    streets: `George St|Pitt St|Collins St|Queen St|King St|Elizabeth St|Bourke St|Flinders St|Hunter St|Oxford St|
      Victoria Rd|Parramatta Rd|Pacific Hwy|Church St|High St|Station St|Railway Pde|Ocean Dr|Hill St|Lake Rd|
      Smith St|Park Ave|Main St|Cherry St`,
  }),
  BR: nationality("Brazil", {
    male: `João|Pedro|Lucas|Gabriel|Matheus|Rafael|Gustavo|Felipe|Bruno|Thiago|Leonardo|Rodrigo|Diego|André|
      Carlos|Eduardo|Vinícius|Caio|Henrique|Marcelo|Paulo|Fábio|Leandro|Otávio`,
    female: `Ana|Maria|Juliana|Fernanda|Camila|Beatriz|Larissa|Letícia|Mariana|Amanda|Bruna|Gabriela|Isabela|
      Júlia|Luana|Natália|Patrícia|Rafaela|Vitória|Yasmin|Sofia|Lívia|Cecília|Helena`,
    last: `Silva|Santos|Oliveira|Souza|Rodrigues|Ferreira|Alves|Pereira|Lima|Gomes|Costa|Ribeiro|Martins|Carvalho|
      Almeida|Lopes|Soares|Fernandes|Vieira|Barbosa|Rocha|Dias|Nascimento|Araújo|Moreira|Cardoso|Teixeira|Mendes`,
    cities: `São Paulo|Rio de Janeiro|Belo Horizonte|Salvador|Fortaleza|Brasília|Curitiba|Recife|Porto Alegre|
      Manaus|Belém|Goiânia|Campinas|São Luís|Maceió|Natal|Teresina|Campo Grande|João Pessoa|Florianópolis|Cuiabá|
      Aracaju|Londrina|Juiz de Fora`,
    states: `São Paulo|Rio de Janeiro|Minas Gerais|Bahia|Paraná|Rio Grande do Sul|Pernambuco|Ceará|Pará|
      Santa Catarina|Goiás|Maranhão|Amazonas|Espírito Santo|Paraíba|Mato Grosso|Alagoas|Piauí|Distrito Federal|
      Sergipe`,
    streets: `Rua São Jorge|Rua Dois|Rua Sete de Setembro|Rua Quinze de Novembro|Rua da Paz|Rua das Flores|
      Rua Santa Luzia|Rua Tiradentes|Avenida Brasil|Avenida Paulista|Rua Bela Vista|Rua Rio de Janeiro|
      Rua Minas Gerais|Rua Castro Alves|Rua Duque de Caxias|Rua Santos Dumont|Rua Boa Vista|Rua São Luiz|
      Rua Treze de Maio|Rua Belo Horizonte|Rua Piauí|Rua Amazonas`,
  }),
  CA: nationality("Canada", {
    male: `Liam|Noah|William|Benjamin|Lucas|Ethan|Logan|Nathan|Jacob|Owen|Samuel|Olivier|Félix|Alexander|Mason|
      Hunter|Tristan|Gabriel|Xavier|Zachary|Jayden|Connor|Dylan|Mathis`,
    female: `Olivia|Emma|Charlotte|Chloé|Léa|Florence|Alice|Sophie|Emily|Abigail|Ava|Zoé|Rosalie|Maëlle|Jade|
      Camille|Madison|Hannah|Mia|Brooklyn|Sarah|Juliette|Megan|Avery`,
    last: `Smith|Brown|Tremblay|Martin|Roy|Wilson|MacDonald|Gagnon|Johnson|Taylor|Côté|Campbell|Anderson|Leblanc|
      Lee|Bouchard|Gauthier|Morin|Lavoie|Fortin|Gill|Ouellet|Bélanger|Wong`,
    cities: `Toronto|Montréal|Vancouver|Calgary|Edmonton|Ottawa|Winnipeg|Québec|Hamilton|Kitchener|London|Victoria|
      Halifax|Oshawa|Windsor|Saskatoon|Regina|St. John's|Kelowna|Barrie|Sherbrooke|Guelph|Kingston|Moncton`,
    states: `Ontario|Québec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|
      Newfoundland and Labrador|Prince Edward Island|Yukon|Northwest Territories|Nunavut`,
    streets: `King St|Queen St|Dundas St|Bay St|Yonge St|Victoria Ave|Dufferin St|Parliament St|Elgin St|Bank St|
      Main St|Lakeshore Rd|Brock Rd|Pine Rd|Maple Ave|Richmond Ave|Wellington St|Duke St|Grand Marais Ave|
      Balmoral St|Arctic Way|Frederick Ave|Concession Road 6|Dalhousie Ave`,
  }),
  CH: nationality("Switzerland", {
    male: `Luca|Noah|Leon|Elias|Liam|Matteo|David|Julien|Louis|Nicolas|Thomas|Marc|Yannick|Lukas|Jonas|Fabian|
      Simon|Raphael|Mathias|Loïc|Cédric|Stefan|Patrick|Florian`,
    female: `Mia|Emma|Léa|Lena|Lara|Anna|Sophie|Chloé|Laura|Julia|Céline|Sarah|Nina|Elena|Noemi|Manon|Lina|Jana|
      Nadine|Marion|Andrea|Camille|Aline|Océane`,
    last: `Müller|Meier|Schmid|Keller|Weber|Huber|Schneider|Meyer|Steiner|Fischer|Gerber|Brunner|Baumann|Frei|
      Zimmermann|Moser|Widmer|Wyss|Graf|Roth|Favre|Rochat|Bonvin|Girard|Perrin|Dubois|Mercier`,
    cities: `Zürich|Genève|Basel|Lausanne|Bern|Winterthur|Luzern|St. Gallen|Lugano|Biel|Thun|Köniz|
      La Chaux-de-Fonds|Fribourg|Schaffhausen|Chur|Vernier|Neuchâtel|Uster|Sion|Emmen|Yverdon-les-Bains|Zug|
      Montreux`,
    states: `Zürich|Bern|Luzern|Uri|Schwyz|Zug|Fribourg|Solothurn|Basel-Stadt|Schaffhausen|Appenzell Ausserrhoden|
      St. Gallen|Graubünden|Aargau|Thurgau|Ticino|Vaud|Valais|Neuchâtel|Genève|Jura`,
    streets: `Bahnhofstrasse|Hauptstrasse|Dorfstrasse|Rue du Lac|Rue de la Gare|Kirchweg|Schulstrasse|
      Rue des Alpes|Rue du Moulin|Seestrasse|Gartenstrasse|Rue Centrale|Rue de l'Église|Industriestrasse|Rosenweg|
      Rue du Château|Poststrasse|Lindenstrasse|Rue de Genève|Bergstrasse|Route de Lausanne|Mühlegasse`,
  }),
  DE: nationality("Germany", {
    male: `Lukas|Leon|Felix|Jonas|Paul|Maximilian|Tim|Jan|Niklas|Finn|Elias|Ben|Moritz|Julian|Tobias|Florian|
      Stefan|Jürgen|Klaus|Dieter|Uwe|Matthias|Sebastian|Björn`,
    female: `Anna|Lena|Lea|Laura|Julia|Hannah|Sophie|Marie|Katharina|Sarah|Lisa|Mia|Emilie|Johanna|Franziska|
      Sabine|Petra|Ursula|Monika|Brigitte|Jana|Nicole|Anke|Jördis`,
    last: `Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|
      Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Werner`,
    cities: `Berlin|Hamburg|München|Köln|Frankfurt am Main|Stuttgart|Düsseldorf|Leipzig|Dortmund|Essen|Bremen|
      Dresden|Hannover|Nürnberg|Duisburg|Bochum|Wuppertal|Bielefeld|Bonn|Münster|Mannheim|Karlsruhe|Augsburg|
      Wiesbaden`,
    states: `Baden-Württemberg|Bayern|Berlin|Brandenburg|Bremen|Hamburg|Hessen|Mecklenburg-Vorpommern|
      Niedersachsen|Nordrhein-Westfalen|Rheinland-Pfalz|Saarland|Sachsen|Sachsen-Anhalt|Schleswig-Holstein|
      Thüringen`,
    streets: `Hauptstraße|Schulstraße|Gartenstraße|Bahnhofstraße|Dorfstraße|Bergstraße|Birkenweg|Lindenstraße|
      Kirchstraße|Waldstraße|Ringstraße|Schillerstraße|Goethestraße|Am Sportplatz|Wiesenweg|Mühlenweg|
      Friedhofstraße|Feldstraße|Rosenstraße|Buchenweg|Eichenweg|Parkstraße|Mozartstraße|Poststraße`,
  }),
  DK: nationality("Denmark", {
    male: `William|Noah|Oscar|Lucas|Victor|Malthe|Emil|Frederik|Oliver|Magnus|Mikkel|Rasmus|Mads|Jonas|Anders|
      Søren|Niels|Jens|Christian|Morten|Kasper|Tobias|Mathias|Sebastian`,
    female: `Emma|Ida|Clara|Freja|Laura|Sofie|Anna|Ella|Josefine|Mathilde|Karoline|Caroline|Cecilie|Maja|Signe|
      Louise|Mette|Camilla|Julie|Line|Nanna|Astrid|Liva|Asta`,
    last: `Nielsen|Jensen|Hansen|Pedersen|Andersen|Christensen|Larsen|Sørensen|Rasmussen|Jørgensen|Petersen|
      Madsen|Kristensen|Olsen|Thomsen|Christiansen|Poulsen|Johansen|Møller|Mortensen|Karlsen|Jakobsen|
      Frederiksen|Holm`,
    cities: `København|Aarhus|Odense|Aalborg|Esbjerg|Randers|Kolding|Horsens|Vejle|Roskilde|Herning|Silkeborg|
      Næstved|Fredericia|Viborg|Køge|Holstebro|Taastrup|Slagelse|Hillerød|Sønderborg|Svendborg|Hjørring|
      Frederikshavn`,
    states: "Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland",
    streets: `Vestergade|Østergade|Nørregade|Søndergade|Kirkevej|Skovvej|Møllevej|Strandvejen|Åboulevarden|
      Bredgade|Kongensgade|Nygade|Skolegade|Engvej|Byvej|Lyngvej|Birkevej|Toftevej|Havnegade|Jernbanegade|
      Stationsvej|Industrivej|Ahornvej|Rosenvænget`,
  }),
  ES: nationality("Spain", {
    male: `Antonio|Manuel|José|Francisco|David|Juan|Javier|Daniel|Carlos|Jesús|Alejandro|Miguel|Rafael|Pablo|
      Sergio|Fernando|Jorge|Luis|Alberto|Álvaro|Adrián|Diego|Raúl|Iván`,
    female: `María|Carmen|Ana|Isabel|Laura|Cristina|Marta|Lucía|Paula|Elena|Sara|Raquel|Pilar|Rosa|Beatriz|Nuria|
      Silvia|Irene|Patricia|Andrea|Alicia|Mercedes|Inmaculada|Sonia`,
    last: `García|Rodríguez|González|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|
      Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Gil`,
    cities: `Madrid|Barcelona|Valencia|Sevilla|Zaragoza|Málaga|Murcia|Palma de Mallorca|Las Palmas de Gran Canaria|
      Bilbao|Alicante|Córdoba|Valladolid|Vigo|Gijón|Hospitalet de Llobregat|Vitoria|A Coruña|Granada|Elche|Oviedo|
      Santander|Pamplona|Salamanca`,
    states: `Andalucía|Aragón|Asturias|Islas Baleares|Canarias|Cantabria|Castilla y León|Castilla-La Mancha|
      Cataluña|Comunidad Valenciana|Extremadura|Galicia|Comunidad de Madrid|Región de Murcia|Navarra|País Vasco|
      La Rioja|Ceuta|Melilla`,
    streets: `Calle Mayor|Calle de Alcalá|Gran Vía|Calle del Prado|Calle de la Luna|Avenida de América|
      Calle de Toledo|Paseo de Extremadura|Calle de Segovia|Calle de la Paz|Calle del Pez|Avenida de Andalucía|
      Calle de Atocha|Calle de Bravo Murillo|Calle Real|Calle de Argumosa|Calle de Ferraz|Calle de Arturo Soria|
      Avenida de Castilla|Calle del Barquillo|Calle de La Almudena|Ronda de Toledo`,
  }),
  FI: nationality("Finland", {
    male: `Juhani|Johannes|Mikael|Olavi|Onni|Elias|Eino|Väinö|Aleksi|Joonas|Juho|Lauri|Matias|Eetu|Ville|Antti|
      Jukka|Pekka|Kalle|Topias|Niko|Veeti|Leevi|Aatu`,
    female: `Maria|Helena|Sofia|Aino|Emilia|Anna|Johanna|Eveliina|Aada|Venla|Ella|Lotta|Iida|Emma|Siiri|Aurora|
      Pihla|Veera|Elina|Sanna|Minna|Tiina|Päivi|Riikka`,
    last: `Korhonen|Virtanen|Mäkinen|Nieminen|Mäkelä|Hämäläinen|Laine|Heikkinen|Koskinen|Järvinen|Lehtonen|
      Lehtinen|Saarinen|Salminen|Heinonen|Niemi|Heikkilä|Kinnunen|Salonen|Turunen|Salo|Laitinen|Tuominen|
      Rantanen|Karjalainen|Jokinen`,
    cities: `Helsinki|Espoo|Tampere|Vantaa|Oulu|Turku|Jyväskylä|Lahti|Kuopio|Pori|Kouvola|Joensuu|Lappeenranta|
      Hämeenlinna|Vaasa|Seinäjoki|Rovaniemi|Mikkeli|Kotka|Salo|Porvoo|Kokkola|Hyvinkää|Lohja`,
    states: `Uusimaa|Varsinais-Suomi|Satakunta|Kanta-Häme|Pirkanmaa|Päijät-Häme|Kymenlaakso|Etelä-Karjala|
      Etelä-Savo|Pohjois-Savo|Pohjois-Karjala|Keski-Suomi|Etelä-Pohjanmaa|Pohjanmaa|Keski-Pohjanmaa|
      Pohjois-Pohjanmaa|Kainuu|Lappi|Ahvenanmaa`,
    streets: `Hämeenkatu|Aleksanterinkatu|Mannerheimintie|Pispalan Valtatie|Esplanadi|Satakunnankatu|
      Hatanpään Valtatie|Otavalankatu|Nordenskiöldinkatu|Tehtaankatu|Rautatienkatu|Pyynikintie|Mechelininkatu|
      Tahmelankatu|Korkeavuorenkatu|Bulevardi|Itsenäisyydenkatu|Visiokatu|Verkatehtaankatu|Pirkankatu|Siilitie|
      Kauppakatu`,
  }),
  FR: nationality("France", {
    male: `Lucas|Hugo|Louis|Gabriel|Arthur|Jules|Raphaël|Adam|Théo|Nathan|Léo|Maxime|Thomas|Antoine|Alexandre|
      Clément|Mathis|Baptiste|Julien|Nicolas|Quentin|Romain|Yanis|Noé`,
    female: `Emma|Louise|Jade|Alice|Chloé|Lina|Léa|Manon|Camille|Inès|Sarah|Juliette|Zoé|Lola|Clara|Margaux|
      Pauline|Mathilde|Anaïs|Élise|Océane|Justine|Romane|Maëlys`,
    last: `Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefebvre|Michel|
      Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|André|Lefèvre|Mercier|Dupont|Lambert|Bonnet|
      François|Rousseau`,
    cities: `Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Strasbourg|Montpellier|Bordeaux|Lille|Rennes|Reims|
      Le Havre|Saint-Étienne|Toulon|Grenoble|Dijon|Angers|Nîmes|Villeurbanne|Clermont-Ferrand|Le Mans|
      Aix-en-Provence|Brest|Tours|Amiens|Limoges|Perpignan|Metz|Besançon`,
    states: `Ain|Aisne|Allier|Ardèche|Aude|Bouches-du-Rhône|Calvados|Charente|Côte-d'Or|Dordogne|Doubs|Drôme|
      Finistère|Gard|Gironde|Haute-Garonne|Hérault|Isère|Loire-Atlantique|Marne|Moselle|Nord|Pas-de-Calais|
      Puy-de-Dôme|Rhône|Seine-Maritime|Var|Vendée|Paris|Yvelines`,
    streets: `Rue de la République|Rue Victor-Hugo|Rue Pasteur|Rue de Paris|Place du 8 Février 1962|
      Rue du Bât-d'Argent|Rue Abel-Hovelacque|Rue Principale|Rue de l'Église|Rue du Moulin|Avenue Jean-Jaurès|
      Rue Gambetta|Rue Nationale|Rue des Jardins|Place de la Mairie|Rue Louis-Garrand|Rue Dumenge|
      Rue des Cuirassiers|Avenue Debourg|Rue de la Barre|Rue Paul Bert|Rue Desaix|Rue Chazière|
      Quai Charles-de-Gaulle`,
  }),
  GB: nationality("United Kingdom", {
    male: `Oliver|Harry|George|Jack|Jacob|Charlie|Thomas|Oscar|William|James|Joshua|Alfie|Leo|Archie|Ethan|Freddie|
      Henry|Samuel|Daniel|Callum|Liam|Connor|Kieran|Rhys`,
    female: `Olivia|Amelia|Isla|Ava|Emily|Sophie|Grace|Lily|Jessica|Ella|Poppy|Evie|Isabelle|Charlotte|Ruby|Freya|
      Megan|Chloe|Holly|Eleanor|Abigail|Lucy|Katie|Bethany`,
    last: `Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Thomas|Johnson|Roberts|Robinson|Thompson|Wright|
      Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|Clarke|Patel|Jackson|Wood|Turner|Martin`,
    cities: `London|Birmingham|Manchester|Leeds|Liverpool|Sheffield|Bristol|Newcastle upon Tyne|Nottingham|
      Leicester|Coventry|Bradford|Cardiff|Belfast|Edinburgh|Glasgow|Aberdeen|Southampton|Portsmouth|Plymouth|
      Brighton and Hove|Derby|Wolverhampton|Stoke-on-Trent|York|Oxford|Cambridge|Exeter|Swansea|Preston`,
    states: `Greater London|West Midlands|Greater Manchester|West Yorkshire|Merseyside|South Yorkshire|
      Tyne and Wear|Kent|Essex|Hampshire|Lancashire|Surrey|Devon|Norfolk|Cornwall|Cumbria|Dorset|Suffolk|Wiltshire|
      Somerset|Scotland|Wales|Northern Ireland|Oxfordshire|Cambridgeshire`,
    streets: `High Street|Station Road|Main Street|Park Road|Church Road|Church Street|London Road|Victoria Road|
      Green Lane|Manor Road|Church Lane|Park Avenue|The Avenue|The Crescent|Queens Road|New Road|Grange Road|
      Kings Road|Kingsway|Windsor Road|Highfield Road|Mill Lane|Alexander Road|York Road|Stanley Road|
      Springfield Road|North Road|Albert Road`,
  }),
  IE: nationality("Ireland", {
    male: `Jack|James|Noah|Conor|Seán|Daniel|Adam|Michael|Patrick|Cian|Darragh|Oisín|Liam|Ryan|Ciarán|Eoin|Fionn|
      Tadhg|Cillian|Niall|Declan|Ronan|Colm|Donal`,
    female: `Emily|Grace|Fiadh|Sophie|Hannah|Amelia|Ava|Ellie|Ella|Mia|Aoife|Saoirse|Ciara|Niamh|Róisín|Caoimhe|
      Sinéad|Siobhán|Orla|Clodagh|Aisling|Deirdre|Máire|Nuala`,
    last: `Murphy|Kelly|O'Sullivan|Walsh|Smith|O'Brien|Byrne|Ryan|O'Connor|O'Neill|O'Reilly|Doyle|McCarthy|
      Gallagher|O'Doherty|Kennedy|Lynch|Murray|Quinn|Moore|McLoughlin|O'Carroll|Connolly|Daly|Dunne|Brennan|Burke|
      Collins`,
    cities: `Dublin|Cork|Limerick|Galway|Waterford|Drogheda|Dundalk|Swords|Bray|Navan|Kilkenny|Ennis|Carlow|
      Tralee|Newbridge|Portlaoise|Balbriggan|Naas|Athlone|Mullingar|Celbridge|Wexford|Letterkenny|Sligo|Clonmel|
      Greystones|Malahide|Tullamore|Killarney|Arklow`,
    states: `Carlow|Cavan|Clare|Cork|Donegal|Dublin|Galway|Kerry|Kildare|Kilkenny|Laois|Leitrim|Limerick|Longford|
      Louth|Mayo|Meath|Monaghan|Offaly|Roscommon|Sligo|Tipperary|Waterford|Westmeath|Wexford|Wicklow`,
    streets: `Main Street|Church Street|The Crescent|Church Road|Grafton Street|O'Connell Street|Patrick Street|
      Shop Street|Dame Street|Henry Street|Mill Road|Green Lane|Park Road|Strand Road|New Street|Bridge Street|
      Castle Street|Station Road|Pearse Street|Westmoreland Street|College Green|Abbey Street|Parnell Street|
      Mary Street`,
  }),
  IN: nationality("India", {
    male: `Aarav|Vihaan|Aditya|Arjun|Sai|Reyansh|Krishna|Ishaan|Rohan|Rahul|Amit|Vikram|Suresh|Rajesh|Anil|Sunil|
      Karan|Nikhil|Manish|Pranav|Siddharth|Varun|Harsh|Yash`,
    female: `Aadhya|Ananya|Diya|Saanvi|Aanya|Pari|Myra|Anika|Priya|Pooja|Neha|Kavya|Sneha|Riya|Isha|Shreya|Divya|
      Lakshmi|Meera|Nandini|Sunita|Anjali|Deepika|Tanvi`,
    last: `Sharma|Verma|Gupta|Singh|Kumar|Patel|Shah|Mehta|Reddy|Rao|Nair|Iyer|Menon|Pillai|Chopra|Kapoor|
      Malhotra|Joshi|Desai|Kulkarni|Banerjee|Chatterjee|Mukherjee|Das|Bose|Naidu|Shetty|Agarwal`,
    cities: `Mumbai|Delhi|Bengaluru|Hyderabad|Ahmedabad|Chennai|Kolkata|Surat|Pune|Jaipur|Lucknow|Kanpur|Nagpur|
      Indore|Thane|Bhopal|Visakhapatnam|Patna|Vadodara|Ghaziabad|Ludhiana|Agra|Nashik|Kochi|Coimbatore|Mysuru|
      Chandigarh|Guwahati`,
    states: `Andhra Pradesh|Assam|Bihar|Chhattisgarh|Goa|Gujarat|Haryana|Himachal Pradesh|Jharkhand|Karnataka|
      Kerala|Madhya Pradesh|Maharashtra|Odisha|Punjab|Rajasthan|Tamil Nadu|Telangana|Uttar Pradesh|Uttarakhand|
      West Bengal|Delhi`,
    streets: `MG Road|Brigade Rd|Park Street|Linking Rd|Nehru Rd|Gandhi Rd|Station Rd|Temple St|Church St|Mall Rd|
      Marine Dr|Residency Rd|Ashoka Rd|Altamount Rd|Bannerghatta Rd|Commercial St|Chandni Chowk|Hazratganj|
      Janpath|Anna Salai|Lajpat Nagar|Hill Rd|Carter Rd`,
  }),
  IR: nationality("Iran", {
    male: `محمد=mohammad|علی=ali|حسین=hossein|رضا=reza|امیر=amir|مهدی=mehdi|حسن=hasan|آرش=arash|سینا=sina|
      پارسا=parsa|آرین=arian|کیان=kian|نیما=nima|بهراد=behrad|کوروش=kourosh|داریوش=dariush|سامان=saman|
      پویا=pouya|امید=omid|بابک=babak|فرهاد=farhad|مجید=majid|یاسین=yasin|عرفان=erfan`,
    female: `فاطمه=fatemeh|زهرا=zahra|مریم=maryam|نگار=negar|سارا=sara|نازنین=nazanin|یاسمن=yasaman|
      ستایش=setayesh|هستی=hasti|ملیکا=melika|آناهیتا=anahita|پریا=pariya|مهسا=mahsa|نیلوفر=niloofar|شیرین=shirin|
      الناز=elnaz|ترانه=taraneh|پرستو=parastoo|رها=raha|آیدا=aida|مینا=mina|سحر=sahar|لیلا=leila|کیمیا=kimia`,
    last: `احمدی=ahmadi|محمدی=mohammadi|حسینی=hosseini|رضایی=rezaei|موسوی=mousavi|جعفری=jafari|کریمی=karimi|
      رحیمی=rahimi|صادقی=sadeghi|حیدری=heydari|کاظمی=kazemi|نوری=nouri|قاسمی=ghasemi|یزدانی=yazdani|
      تهرانی=tehrani|شریفی=sharifi|نجفی=najafi|سلیمانی=soleimani|زارعی=zarei|اکبری=akbari|مرادی=moradi|
      کامرانی=kamrani|سعیدی=saeedi|نیکزاد=nikzad`,
    cities: `تهران|مشهد|اصفهان|کرج|شیراز|تبریز|قم|اهواز|کرمانشاه|ارومیه|رشت|زاهدان|همدان|کرمان|یزد|اردبیل|
      بندرعباس|اراک|زنجان|قزوین|ساری|گرگان|بوشهر|آبادان`,
    states: `تهران|خراسان رضوی|اصفهان|البرز|فارس|آذربایجان شرقی|قم|خوزستان|کرمانشاه|آذربایجان غربی|گیلان|
      سیستان و بلوچستان|همدان|کرمان|یزد|اردبیل|هرمزگان|مرکزی|زنجان|قزوین|مازندران|گلستان|بوشهر|لرستان`,
    streets: `ولیعصر|انقلاب|آزادی|شریعتی|کریم خان زند|جمهوری اسلامی|امام خمینی|فردوسی|مطهری|بهشتی|طالقانی|
      شهید همت|پاسداران|میرداماد|ستارخان|نواب|کارگر|15 خرداد|سعدی|حافظ|مولوی|دکتر فاطمی|ملاصدرا|کشاورز`,
  }),
  MX: nationality("Mexico", {
    male: `José|Juan|Luis|Carlos|Jorge|Miguel|Alejandro|Francisco|Ricardo|Fernando|Eduardo|Roberto|Javier|Sergio|
      Raúl|Arturo|Héctor|Mario|Gerardo|Ramón|Emiliano|Santiago|Mateo|Diego`,
    female: `María|Guadalupe|Juana|Margarita|Verónica|Leticia|Rosa|Alejandra|Patricia|Elizabeth|Gabriela|Adriana|
      Claudia|Silvia|Araceli|Yolanda|Ximena|Valentina|Regina|Renata|Camila|Fernanda|Itzel|Mónica`,
    last: `Hernández|García|Martínez|López|González|Pérez|Rodríguez|Sánchez|Ramírez|Cruz|Flores|Gómez|Morales|
      Vázquez|Jiménez|Reyes|Díaz|Torres|Gutiérrez|Ruiz|Mendoza|Aguilar|Ortiz|Moreno|Castillo|Romero|Villarreal|
      Espinoza`,
    cities: `Ciudad de México|Guadalajara|Monterrey|Puebla|Tijuana|León|Ciudad Juárez|Zapopan|Mérida|
      San Luis Potosí|Aguascalientes|Hermosillo|Saltillo|Mexicali|Culiacán|Querétaro|Chihuahua|Morelia|Toluca|
      Cancún|Acapulco|Veracruz|Oaxaca|Tampico`,
    states: `Aguascalientes|Baja California|Baja California Sur|Campeche|Chiapas|Chihuahua|Coahuila|Colima|Durango|
      Guanajuato|Guerrero|Hidalgo|Jalisco|Estado de México|Michoacán|Morelos|Nayarit|Nuevo León|Oaxaca|Puebla|
      Querétaro|Quintana Roo|San Luis Potosí|Sinaloa|Sonora|Tabasco|Tamaulipas|Tlaxcala|Veracruz|Yucatán|
      Zacatecas|Ciudad de México`,
    streets: `Avenida Juárez|Calle Hidalgo|Avenida Insurgentes|Calle Morelos|Avenida Reforma|Calle Madero|
      Calle Zaragoza|Avenida Revolución|Calle Allende|Calle Guerrero|Avenida Independencia|Calle Aldama|
      Calle Matamoros|Privada Sur|Callejón Norte|Calle Benito Juárez|Calle 5 de Mayo|Calle 16 de Septiembre|
      Cerrada Morelos|Calle Emiliano Zapata|Avenida Vallarta`,
  }),
  NL: nationality("Netherlands", {
    male: `Daan|Sem|Lucas|Levi|Finn|Milan|Luuk|Bram|Thijs|Jesse|Ruben|Lars|Sven|Stijn|Jeroen|Bas|Pieter|Joost|
      Wouter|Maarten|Niels|Teun|Gijs|Koen`,
    female: `Emma|Julia|Tess|Sophie|Zoë|Mila|Sara|Anna|Noor|Lotte|Fleur|Evi|Lieke|Sanne|Femke|Anouk|Iris|Maaike|
      Ilse|Marieke|Esther|Willemijn|Floor|Roos`,
    last: `de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|de Groot|
      Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|Kok|Jacobs|
      Vermeulen`,
    cities: `Amsterdam|Rotterdam|Den Haag|Utrecht|Eindhoven|Groningen|Tilburg|Almere|Breda|Nijmegen|Apeldoorn|
      Haarlem|Arnhem|Enschede|Amersfoort|Zaanstad|Den Bosch|Haarlemmermeer|Zwolle|Zoetermeer|Leiden|Maastricht|
      Dordrecht|Ede|Alkmaar|Delft|Deventer|Leeuwarden`,
    states: `Groningen|Friesland|Drenthe|Overijssel|Flevoland|Gelderland|Utrecht|Noord-Holland|Zuid-Holland|
      Zeeland|Noord-Brabant|Limburg`,
    streets: `Kerkstraat|Schoolstraat|Molenstraat|Dorpsstraat|Julianastraat|Nieuwstraat|Stationsweg|Kastanjelaan|
      Beatrixstraat|Wilhelminastraat|Prinses Irenestraat|Eikenlaan|Lindelaan|Parallelweg|Markt|Industrieweg|
      Sportlaan|Vondelstraat|Oranjestraat|Prins Bernhardstraat|Hoofdstraat|Emmastraat|Noordeinde|Raadhuisstraat`,
  }),
  NO: nationality("Norway", {
    male: `Jan|Per|Bjørn|Ole|Lars|Kjell|Knut|Arne|Svein|Thomas|Hans|Geir|Tor|Morten|Terje|Odd|Erik|Martin|Andreas|
      Jonas|Magnus|Sander|Henrik|Emil|Oskar|Håkon`,
    female: `Anne|Inger|Kari|Marit|Ingrid|Liv|Eva|Berit|Astrid|Bjørg|Hilde|Anna|Solveig|Marianne|Randi|Ida|Nora|
      Emma|Sofie|Ingeborg|Thea|Maja|Sigrid|Tuva|Åse|Guro`,
    last: `Hansen|Johansen|Olsen|Larsen|Andersen|Pedersen|Nilsen|Kristiansen|Jensen|Karlsen|Johnsen|Pettersen|
      Eriksen|Berg|Haugen|Hagen|Johannessen|Andreassen|Jacobsen|Dahl|Jørgensen|Halvorsen|Henriksen|Lund|Sørensen|
      Strand|Aasen|Solberg`,
    cities: `Oslo|Bergen|Trondheim|Stavanger|Bærum|Kristiansand|Fredrikstad|Sandnes|Tromsø|Drammen|Asker|
      Lillestrøm|Sarpsborg|Skien|Ålesund|Sandefjord|Haugesund|Tønsberg|Moss|Porsgrunn|Bodø|Arendal|Hamar|Larvik|
      Halden|Lillehammer|Molde|Harstad`,
    states: `Oslo|Rogaland|Møre og Romsdal|Nordland|Viken|Innlandet|Vestfold og Telemark|Agder|Vestland|Trøndelag|
      Troms og Finnmark`,
    streets: `Storgata|Kirkegata|Skolegata|Jernbanegata|Parkveien|Skogveien|Kirkeveien|Fjellveien|Solveien|
      Granveien|Bjørkeveien|Nordre gate|Søndre gate|Havnegata|Strandveien|Dronningens gate|Kongens gate|
      Tollbugata|Rådhusgata|Møllergata|Thorvald Meyers gate|Bogstadveien|Vestre Holmen vei|Eikelundveien`,
  }),
  NZ: nationality("New Zealand", {
    male: `Jack|Oliver|James|William|Noah|Leo|Lucas|George|Charlie|Thomas|Hunter|Mason|Liam|Hugo|Tama|Nikau|
      Wiremu|Riley|Cooper|Blake|Logan|Flynn|Finn|Ari`,
    female: `Isla|Charlotte|Olivia|Amelia|Ella|Mia|Harper|Ava|Sophie|Lily|Ruby|Zoe|Grace|Willow|Aria|Mackenzie|
      Hannah|Georgia|Maia|Aroha|Manaia|Kaia|Addison|Madison`,
    last: `Smith|Wilson|Williams|Brown|Taylor|Jones|Anderson|Thompson|Walker|White|Harris|Martin|Young|Robinson|
      Clark|King|Campbell|Wood|Scott|Mitchell|Ngata|Parata|Hohaia|Rāwiri`,
    cities: `Auckland|Wellington|Christchurch|Hamilton|Tauranga|Napier|Dunedin|Palmerston North|Nelson|Rotorua|
      New Plymouth|Whangarei|Invercargill|Whanganui|Gisborne|Hastings|Upper Hutt|Lower Hutt|Porirua|Timaru|
      Blenheim|Masterton|Taupo|Queenstown`,
    states: `Northland|Auckland|Waikato|Bay of Plenty|Gisborne|Hawke's Bay|Taranaki|Manawatu-Wanganui|Wellington|
      Tasman|Nelson|Marlborough|West Coast|Canterbury|Otago|Southland`,
    streets: `Queen Street|Victoria Street|Ponsonby Road|Karangahape Road|Lambton Quay|Cuba Street|Courtenay Place|
      Colombo Street|George Street|Riccarton Road|Devonport Road|Cameron Road|Great South Road|Dominion Road|
      Mount Eden Road|Ti Rakau Drive|Fitzgerald Avenue|Hillsborough Road|Stoddard Road|Sandwich Road|Tuam Street|
      Bay View Road`,
  }),
  RS: nationality("Serbia", {
    male: `Aleksandar|Nikola|Marko|Stefan|Luka|Milan|Nemanja|Miloš|Dušan|Vuk|Lazar|Petar|Đorđe|Filip|Uroš|Dragan|
      Zoran|Goran|Dejan|Bojan|Vladimir|Jovan|Srđan|Mihajlo`,
    female: `Milica|Jelena|Ana|Marija|Jovana|Ivana|Teodora|Sara|Anđela|Katarina|Tamara|Dragana|Snežana|Jasmina|
      Nevena|Mila|Sofija|Tijana|Vesna|Biljana|Gordana|Ljiljana|Danica|Isidora`,
    last: `Jovanović|Petrović|Nikolić|Marković|Đorđević|Stojanović|Ilić|Stanković|Pavlović|Milošević|Popović|
      Đokić|Živković|Todorović|Kostić|Ristić|Lazić|Mitrović|Tomić|Savić|Obradović|Vasić|Simić|Radovanović|
      Kovačević|Stević`,
    cities: `Beograd|Novi Sad|Niš|Kragujevac|Subotica|Zrenjanin|Pančevo|Čačak|Novi Pazar|Kraljevo|Smederevo|
      Leskovac|Valjevo|Kruševac|Vranje|Šabac|Užice|Sombor|Požarevac|Pirot|Zaječar|Kikinda|Sremska Mitrovica|
      Jagodina`,
    states: `Beograd|Severna Bačka|Južna Bačka|Zapadna Bačka|Srednji Banat|Severni Banat|Južni Banat|Srem|Mačva|
      Kolubara|Podunavlje|Braničevo|Šumadija|Pomoravlje|Bor|Zaječar|Zlatibor|Moravica|Raška|Rasina|Nišava|
      Toplica|Pirot|Jablanica|Pčinja`,
    streets: `Knez Mihailova|Bulevar kralja Aleksandra|Nemanjina|Takovska|Kralja Petra|Cara Dušana|Njegoševa|
      Vojvode Stepe|Karađorđeva|Svetog Save|Kneza Miloša|Jug Bogdanova|Vuka Karadžića|Bulevar oslobođenja|
      Zmaj Jovina|Dunavska|Ustanička|Cvijićeva|Gospodara Vučića|Radoja Domanovića|Stevana Sremca|
      Branka Radičevića`,
  }),
  TR: nationality("Turkey", {
    male: `Mehmet|Mustafa|Ahmet|Ali|Hüseyin|Hasan|İbrahim|İsmail|Osman|Yusuf|Murat|Ömer|Ramazan|Halil|Süleyman|
      Abdullah|Mahmut|Recep|Salih|Fatih|Kadir|Emre|Burak|Çağan`,
    female: `Fatma|Ayşe|Emine|Hatice|Zeynep|Elif|Meryem|Şerife|Zehra|Sultan|Hanife|Merve|Havva|Zeliha|Esra|Fadime|
      Özlem|Yasemin|Derya|Ebru|Gül|Sevgi|Nur|Büşra`,
    last: `Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|Aslan|Çetin|Kara|
      Koç|Kurt|Özkan|Şimşek|Polat|Öz|Korkmaz|Karaca|Erdem|Tekin`,
    cities: `İstanbul|Ankara|İzmir|Bursa|Antalya|Konya|Adana|Şanlıurfa|Gaziantep|Kocaeli|Mersin|Diyarbakır|Hatay|
      Manisa|Kayseri|Samsun|Balıkesir|Kahramanmaraş|Van|Aydın|Denizli|Sakarya|Tekirdağ|Muğla|Eskişehir|Trabzon|
      Erzurum|Malatya`,
    states: `Adana|Ankara|Antalya|Bursa|Çanakkale|Denizli|Edirne|Erzurum|Eskişehir|Gaziantep|Isparta|İstanbul|
      İzmir|Kars|Kastamonu|Kayseri|Konya|Kütahya|Malatya|Mardin|Muğla|Ordu|Rize|Sinop|Sivas|Tokat|Trabzon|Yozgat`,
    streets: `Atatürk Sk|Anafartalar Cd|Doktorlar Cd|Maçka Cd|Necatibey Cd|Vatan Cd|Fatih Sultan Mehmet Cd|
      Bağdat Cd|Abanoz Sk|Filistin Cd|Talak Göktepe Cd|Mevlana Cd|Şehitler Cd|Kushimoto Sk|İstiklal Cd|Bahçe Sk|
      Çamlık Cd|Menekşe Sk|Lale Sk|Kavaklıdere Cd|Cumhuriyet Cd|Barbaros Cd`,
  }),
  UA: nationality("Ukraine", {
    male: `Олександр=oleksandr|Андрій=andriy|Сергій=serhiy|Володимир=volodymyr|Дмитро=dmytro|Максим=maksym|
      Іван=ivan|Михайло=mykhaylo|Богдан=bohdan|Тарас=taras|Юрій=yuriy|Олег=oleh|Віталій=vitaliy|
      Ярослав=yaroslav|Назар=nazar|Остап=ostap|Орест=orest|Петро=petro|Василь=vasyl|Степан=stepan|Роман=roman|
      Денис=denys|Артем=artem|Микола=mykola`,
    female: `Олена=olena|Наталія=nataliya|Ірина=iryna|Тетяна=tetyana|Оксана=oksana|Юлія=yuliya|Марія=mariya|
      Анна=anna|Катерина=kateryna|Світлана=svitlana|Людмила=lyudmyla|Галина=halyna|Дарина=daryna|Софія=sofiya|
      Анастасія=anastasiya|Вікторія=viktoriya|Христина=khrystyna|Соломія=solomiya|Ярослава=yaroslava|
      Зоряна=zoryana|Леся=lesya|Мирослава=myroslava|Уляна=ulyana|Богдана=bohdana`,
    last: `Шевченко=shevchenko|Коваленко=kovalenko|Бондаренко=bondarenko|Ткаченко=tkachenko|Кравченко=kravchenko|
      Олійник=oliynyk|Шевчук=shevchuk|Поліщук=polishchuk|Коваль=koval|Бойко=boyko|Мельник=melnyk|
      Лисенко=lysenko|Руденко=rudenko|Савченко=savchenko|Петренко=petrenko|Марченко=marchenko|Мороз=moroz|
      Павленко=pavlenko|Гончаренко=honcharenko|Кузьменко=kuzmenko|Литвиненко=lytvynenko|Клименко=klymenko|
      Левченко=levchenko|Іваненко=ivanenko`,
    cities: `Київ|Харків|Одеса|Дніпро|Донецьк|Запоріжжя|Львів|Кривий Ріг|Миколаїв|Маріуполь|Вінниця|Херсон|
      Полтава|Чернігів|Черкаси|Житомир|Суми|Хмельницький|Чернівці|Рівне|Івано-Франківськ|Тернопіль|Луцьк|Ужгород`,
    states: `Вінницька|Волинська|Дніпропетровська|Донецька|Житомирська|Закарпатська|Запорізька|
      Івано-Франківська|Київська|Кіровоградська|Луганська|Львівська|Миколаївська|Одеська|Полтавська|Рівненська|
      Сумська|Тернопільська|Харківська|Херсонська|Хмельницька|Черкаська|Чернівецька|Чернігівська|
      Автономна Республіка Крим`,
    streets: `Хрещатик|Шевченка|Івана Франка|Лесі Українки|Грушевського|Богдана Хмельницького|Соборна|
      Незалежності|Садова|Шкільна|Миру|Центральна|Зелена|Лісова|Польова|Молодіжна|Набережна|Сагайдачного|
      Січових Стрільців|Велика Васильківська|Дерибасівська|Городоцька`,
  }),
  US: nationality("United States", {
    male: `James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|
      Mark|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Jason|Ryan|Brandon|Tyler`,
    female: `Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|Margaret|
      Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Carol|Amanda|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|
      Cynthia|Brittany`,
    last: `Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|
      Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson|White|Harris|Sanchez|Clark|Ramirez|
      Lewis|Robinson`,
    cities: `New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|
      Austin|Jacksonville|Fort Worth|Columbus|Charlotte|Indianapolis|San Francisco|Seattle|Denver|Nashville|
      Oklahoma City|El Paso|Boston|Portland|Las Vegas|Detroit|Memphis|Louisville|Baltimore|Milwaukee`,
    states: `Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|
      Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|
      Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|
      Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|
      Virginia|Washington|West Virginia|Wisconsin|Wyoming`,
    streets: `Adams St|Ash Dr|Avondale Ave|Blossom Hill Rd|Bruce St|Camden Ave|Cedar St|Central St|Cherry St|
      Dogwood Ave|E North St|Eason Rd|Fairview St|Forest Ln|Hamilton Ave|Hickory Creek Dr|Lakeview St|Lovers Ln|
      Mcclellan Rd|Oak Ridge Ln|Parker Rd|Pecan Acres Ln|Photinia Ave|Plum St|Preston Rd|Rolling Green Rd|Royal Ln|
      Spring Hill Rd|Valwood Pkwy|W Belt Line Rd|Wheeler Ridge Dr|White Oak Dr`,
  }),
};

/** A timezone as upstream gives it: `offset` like `"+5:30"`, `"0:00"` or `"-3:30"`. */
export interface Timezone {
  readonly offset: string;
  readonly description: string;
}

const TIMEZONES = `-12:00 Eniwetok, Kwajalein|-11:00 Midway Island, Samoa|-10:00 Hawaii|-9:00 Alaska|
  -8:00 Pacific Time (US & Canada)|-7:00 Mountain Time (US & Canada)|-6:00 Central Time (US & Canada), Mexico City|
  -5:00 Eastern Time (US & Canada), Bogota, Lima|-4:00 Atlantic Time (Canada), Caracas, La Paz|-3:30 Newfoundland|
  -3:00 Brazil, Buenos Aires, Georgetown|-2:00 Mid-Atlantic|-1:00 Azores, Cape Verde Islands|
  0:00 Western Europe Time, London, Lisbon, Casablanca|+1:00 Brussels, Copenhagen, Madrid, Paris|
  +2:00 Kaliningrad, South Africa|+3:00 Baghdad, Riyadh, Moscow, St. Petersburg|+3:30 Tehran|
  +4:00 Abu Dhabi, Muscat, Baku, Tbilisi|+4:30 Kabul|+5:00 Ekaterinburg, Islamabad, Karachi, Tashkent|
  +5:30 Bombay, Calcutta, Madras, New Delhi|+5:45 Kathmandu|+6:00 Almaty, Dhaka, Colombo|
  +7:00 Bangkok, Hanoi, Jakarta|+8:00 Beijing, Perth, Singapore, Hong Kong|
  +9:00 Tokyo, Seoul, Osaka, Sapporo, Yakutsk|+9:30 Adelaide, Darwin|+10:00 Eastern Australia, Guam, Vladivostok|
  +11:00 Magadan, Solomon Islands, New Caledonia|+12:00 Auckland, Wellington, Fiji, Kamchatka`;

/**
 * Tables every nationality shares.
 *
 * @example
 * common.timezones[0]; // { offset: "-12:00", description: "Eniwetok, Kwajalein" }
 */
export const common = {
  femaleTitles: ["Miss", "Mrs", "Ms"],
  timezones: split(TIMEZONES).map((entry): Timezone => {
    const space = entry.indexOf(" ");
    return { offset: entry.slice(0, space), description: entry.slice(space + 1) };
  }),
  /** Usernames are an adjective, a noun and three digits, like `yellowpeacock117`. */
  usernameAdjectives: split(`angry|beautiful|big|black|blue|brown|crazy|golden|green|happy|heavy|lazy|orange|
    organic|purple|red|sad|silver|small|ticklish|tiny|white|yellow|brave|quiet`),
  usernameNouns:
    split(`bear|bird|butterfly|cat|dog|duck|elephant|fish|frog|goose|gorilla|koala|ladybug|leopard|
    lion|meercat|mouse|ostrich|panda|peacock|rabbit|snake|swan|tiger|wolf|zebra`),
  passwords:
    split(`password|123456|qwerty|letmein|dragon|monkey|sunshine|shadow|master|football|baseball|superman|
    batman|trustno1|iloveyou|princess|whatever|freedom|starwars|pepper|ginger|cookie|summer|winter|hunter|tigger|
    charlie|jordan|harley|ranger|buster|soccer|hockey|killer|george|andrew|michelle|jessica|hello|welcome|secret|
    admin|abc123|1234|12345678|zxcvbn|asdfgh|internet|computer|silver|golden|orange|banana|coffee|chocolate|
    maverick|phoenix|matrix|ninja|mustang|thunder|yankees|cowboys|eagles|steelers|maggie|bailey|sparky|scooter|
    smokey|snoopy|rocket|sierra|zeus|apollo|galaxy|nirvana|metallica|guitar|piano|music|rainbow|flower|angel|
    diamond|123qwe|passw0rd|p@ssword|letmein1|!qaz2wsx|1q2w3e4r|qazwsx|fuzzy|kitten|merlin|pass1234`),
};
