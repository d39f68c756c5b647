#include "Vocabulary.h"

using namespace Qt::StringLiterals;

namespace concord::gen {

namespace {

struct CitySeed
{
    const char16_t* name;
    const char16_t* state;
    int zipPrefix;
    std::initializer_list<int> areaCodes;
};

// Real cities with their ZIP prefix and area codes, so that a generated phone
// number's area code agrees with the customer's state and passes libphonenumber.
const CitySeed kCities[] = {
    {u"San Francisco", u"CA", 941, {415, 628}},
    {u"Los Angeles", u"CA", 900, {213, 310, 323}},
    {u"San Diego", u"CA", 921, {619, 858}},
    {u"San Jose", u"CA", 951, {408, 669}},
    {u"Sacramento", u"CA", 958, {916}},
    {u"Oakland", u"CA", 946, {510}},
    {u"Fresno", u"CA", 937, {559}},
    {u"New York", u"NY", 100, {212, 646, 917}},
    {u"Brooklyn", u"NY", 112, {718, 347}},
    {u"Buffalo", u"NY", 142, {716}},
    {u"Rochester", u"NY", 146, {585}},
    {u"Albany", u"NY", 122, {518}},
    {u"Houston", u"TX", 770, {713, 281, 832}},
    {u"Dallas", u"TX", 752, {214, 469, 972}},
    {u"Austin", u"TX", 787, {512, 737}},
    {u"San Antonio", u"TX", 782, {210}},
    {u"El Paso", u"TX", 799, {915}},
    {u"Miami", u"FL", 331, {305, 786}},
    {u"Orlando", u"FL", 328, {407, 321}},
    {u"Tampa", u"FL", 336, {813}},
    {u"Jacksonville", u"FL", 322, {904}},
    {u"Chicago", u"IL", 606, {312, 773, 872}},
    {u"Springfield", u"IL", 627, {217}},
    {u"Naperville", u"IL", 605, {630}},
    {u"Seattle", u"WA", 981, {206}},
    {u"Spokane", u"WA", 992, {509}},
    {u"Tacoma", u"WA", 984, {253}},
    {u"Boston", u"MA", 21, {617, 857}},
    {u"Worcester", u"MA", 16, {508}},
    {u"Atlanta", u"GA", 303, {404, 470, 678}},
    {u"Savannah", u"GA", 314, {912}},
    {u"Denver", u"CO", 802, {303, 720}},
    {u"Colorado Springs", u"CO", 809, {719}},
    {u"Phoenix", u"AZ", 850, {602, 480}},
    {u"Tucson", u"AZ", 857, {520}},
    {u"Portland", u"OR", 972, {503, 971}},
    {u"Eugene", u"OR", 974, {541}},
    {u"Philadelphia", u"PA", 191, {215, 267}},
    {u"Pittsburgh", u"PA", 152, {412}},
    {u"Columbus", u"OH", 432, {614}},
    {u"Cleveland", u"OH", 441, {216}},
    {u"Cincinnati", u"OH", 452, {513}},
    {u"Detroit", u"MI", 482, {313}},
    {u"Grand Rapids", u"MI", 495, {616}},
    {u"Charlotte", u"NC", 282, {704, 980}},
    {u"Raleigh", u"NC", 276, {919}},
    {u"Nashville", u"TN", 372, {615}},
    {u"Memphis", u"TN", 381, {901}},
    {u"Minneapolis", u"MN", 554, {612}},
    {u"Saint Paul", u"MN", 551, {651}},
    {u"Kansas City", u"MO", 641, {816}},
    {u"St. Louis", u"MO", 631, {314}},
    {u"Las Vegas", u"NV", 891, {702}},
    {u"Reno", u"NV", 895, {775}},
    {u"Salt Lake City", u"UT", 841, {801, 385}},
    {u"Richmond", u"VA", 232, {804}},
    {u"Virginia Beach", u"VA", 234, {757}},
    {u"Newark", u"NJ", 71, {973, 862}},
    {u"Jersey City", u"NJ", 73, {201}},
    {u"Baltimore", u"MD", 212, {410, 443}},
    {u"Milwaukee", u"WI", 532, {414}},
    {u"Madison", u"WI", 537, {608}},
    {u"Indianapolis", u"IN", 462, {317}},
    {u"New Orleans", u"LA", 701, {504}},
    {u"Louisville", u"KY", 402, {502}},
    {u"Oklahoma City", u"OK", 731, {405}},
    {u"Hartford", u"CT", 61, {860}},
    {u"Des Moines", u"IA", 503, {515}},
    {u"Wichita", u"KS", 672, {316}},
    {u"Albuquerque", u"NM", 871, {505}},
    {u"Omaha", u"NE", 681, {402}},
    {u"Boise", u"ID", 837, {208}},
    {u"Honolulu", u"HI", 968, {808}},
    {u"Anchorage", u"AK", 995, {907}},
    {u"Portland", u"ME", 41, {207}},
    {u"Burlington", u"VT", 54, {802}},
    {u"Manchester", u"NH", 31, {603}},
    {u"Providence", u"RI", 29, {401}},
    {u"Wilmington", u"DE", 198, {302}},
    {u"Charleston", u"SC", 294, {843}},
    {u"Columbia", u"SC", 292, {803}},
    {u"Birmingham", u"AL", 352, {205}},
    {u"Jackson", u"MS", 392, {601}},
    {u"Little Rock", u"AR", 722, {501}},
    {u"Billings", u"MT", 591, {406}},
    {u"Cheyenne", u"WY", 820, {307}},
    {u"Fargo", u"ND", 581, {701}},
    {u"Sioux Falls", u"SD", 571, {605}},
    {u"Charleston", u"WV", 253, {304}},
    {u"Washington", u"DC", 200, {202}},
};

const char16_t* const kStates[][2] = {
    {u"AL", u"Alabama"},        {u"AK", u"Alaska"},         {u"AZ", u"Arizona"},
    {u"AR", u"Arkansas"},       {u"CA", u"California"},     {u"CO", u"Colorado"},
    {u"CT", u"Connecticut"},    {u"DE", u"Delaware"},       {u"DC", u"District of Columbia"},
    {u"FL", u"Florida"},        {u"GA", u"Georgia"},        {u"HI", u"Hawaii"},
    {u"ID", u"Idaho"},          {u"IL", u"Illinois"},       {u"IN", u"Indiana"},
    {u"IA", u"Iowa"},           {u"KS", u"Kansas"},         {u"KY", u"Kentucky"},
    {u"LA", u"Louisiana"},      {u"ME", u"Maine"},          {u"MD", u"Maryland"},
    {u"MA", u"Massachusetts"},  {u"MI", u"Michigan"},       {u"MN", u"Minnesota"},
    {u"MS", u"Mississippi"},    {u"MO", u"Missouri"},       {u"MT", u"Montana"},
    {u"NE", u"Nebraska"},       {u"NV", u"Nevada"},         {u"NH", u"New Hampshire"},
    {u"NJ", u"New Jersey"},     {u"NM", u"New Mexico"},     {u"NY", u"New York"},
    {u"NC", u"North Carolina"}, {u"ND", u"North Dakota"},   {u"OH", u"Ohio"},
    {u"OK", u"Oklahoma"},       {u"OR", u"Oregon"},         {u"PA", u"Pennsylvania"},
    {u"RI", u"Rhode Island"},   {u"SC", u"South Carolina"}, {u"SD", u"South Dakota"},
    {u"TN", u"Tennessee"},      {u"TX", u"Texas"},          {u"UT", u"Utah"},
    {u"VT", u"Vermont"},        {u"VA", u"Virginia"},       {u"WA", u"Washington"},
    {u"WV", u"West Virginia"},  {u"WI", u"Wisconsin"},      {u"WY", u"Wyoming"},
};

QList<GivenName> given(std::initializer_list<std::pair<const char16_t*, const char16_t*>> names)
{
    QList<GivenName> out;
    out.reserve(qsizetype(names.size()));
    for (const auto& [name, nick] : names)
        out.append({QString::fromUtf16(name), QString::fromUtf16(nick)});
    return out;
}

} // namespace

const Vocabulary& Vocabulary::instance()
{
    static const Vocabulary vocabulary;
    return vocabulary;
}

Vocabulary::Vocabulary()
{
    givenNames = given({
        {u"James", u"Jim"},
        {u"Robert", u"Bob"},
        {u"John", u"Jack"},
        {u"Michael", u"Mike"},
        {u"William", u"Bill"},
        {u"David", u"Dave"},
        {u"Richard", u"Rick"},
        {u"Joseph", u"Joe"},
        {u"Thomas", u"Tom"},
        {u"Charles", u"Chuck"},
        {u"Christopher", u"Chris"},
        {u"Daniel", u"Dan"},
        {u"Matthew", u"Matt"},
        {u"Anthony", u"Tony"},
        {u"Mark", u""},
        {u"Donald", u"Don"},
        {u"Steven", u"Steve"},
        {u"Paul", u""},
        {u"Andrew", u"Andy"},
        {u"Joshua", u"Josh"},
        {u"Kenneth", u"Ken"},
        {u"Kevin", u""},
        {u"Brian", u""},
        {u"George", u""},
        {u"Timothy", u"Tim"},
        {u"Ronald", u"Ron"},
        {u"Edward", u"Ed"},
        {u"Jason", u""},
        {u"Jeffrey", u"Jeff"},
        {u"Ryan", u""},
        {u"Jacob", u"Jake"},
        {u"Gary", u""},
        {u"Nicholas", u"Nick"},
        {u"Eric", u""},
        {u"Jonathan", u"Jon"},
        {u"Stephen", u"Steve"},
        {u"Larry", u""},
        {u"Justin", u""},
        {u"Scott", u""},
        {u"Benjamin", u"Ben"},
        {u"Samuel", u"Sam"},
        {u"Gregory", u"Greg"},
        {u"Alexander", u"Alex"},
        {u"Patrick", u"Pat"},
        {u"Frank", u""},
        {u"Raymond", u"Ray"},
        {u"Peter", u"Pete"},
        {u"Douglas", u"Doug"},
        {u"Lawrence", u"Larry"},
        {u"Frederick", u"Fred"},
        {u"Theodore", u"Ted"},
        {u"Mary", u""},
        {u"Patricia", u"Patty"},
        {u"Jennifer", u"Jen"},
        {u"Linda", u""},
        {u"Elizabeth", u"Liz"},
        {u"Barbara", u"Barb"},
        {u"Susan", u"Sue"},
        {u"Jessica", u"Jess"},
        {u"Sarah", u""},
        {u"Karen", u""},
        {u"Lisa", u""},
        {u"Nancy", u""},
        {u"Betty", u""},
        {u"Margaret", u"Peggy"},
        {u"Sandra", u"Sandy"},
        {u"Ashley", u""},
        {u"Kimberly", u"Kim"},
        {u"Emily", u""},
        {u"Donna", u""},
        {u"Michelle", u""},
        {u"Carol", u""},
        {u"Amanda", u"Mandy"},
        {u"Dorothy", u"Dot"},
        {u"Melissa", u"Missy"},
        {u"Deborah", u"Debbie"},
        {u"Stephanie", u"Steph"},
        {u"Rebecca", u"Becky"},
        {u"Sharon", u""},
        {u"Laura", u""},
        {u"Cynthia", u"Cindy"},
        {u"Kathleen", u"Kathy"},
        {u"Amy", u""},
        {u"Angela", u"Angie"},
        {u"Anna", u""},
        {u"Victoria", u"Vicky"},
        {u"Abigail", u"Abby"},
        {u"Katherine", u"Kate"},
        {u"Christine", u"Chris"},
        {u"Samantha", u"Sam"},
        {u"Jacqueline", u"Jackie"},
        {u"Olivia", u""},
        {u"Sophia", u""},
        {u"Grace", u""},
        {u"Hannah", u""},
        {u"Megan", u""},
        {u"Priya", u""},
        {u"Wei", u""},
        {u"Mei", u""},
        {u"Hiroshi", u""},
        {u"Ahmed", u""},
        {u"Fatima", u""},
        {u"Carlos", u""},
        {u"Maria", u""},
        {u"Luis", u""},
    });
    accentedGivenNames = given({
        {u"José", u"Pepe"}, {u"Zoë", u""},    {u"Renée", u""},  {u"Chloé", u""}, {u"François", u""},
        {u"Jürgen", u""},   {u"Søren", u""},  {u"Björn", u""},  {u"Inés", u""},  {u"Noémie", u""},
        {u"André", u""},    {u"Łukasz", u""}, {u"Zoé", u""},    {u"Raúl", u""},  {u"Andrés", u""},
        {u"Mónica", u""},   {u"Hélène", u""}, {u"Jérôme", u""}, {u"Añaya", u""}, {u"Cécile", u""},
    });
    familyNames = QStringList{
        u"Smith"_s,    u"Johnson"_s,    u"Williams"_s, u"Brown"_s,   u"Jones"_s,      u"Miller"_s,
        u"Davis"_s,    u"Wilson"_s,     u"Anderson"_s, u"Taylor"_s,  u"Thomas"_s,     u"Moore"_s,
        u"Martin"_s,   u"Jackson"_s,    u"Thompson"_s, u"White"_s,   u"Harris"_s,     u"Clark"_s,
        u"Lewis"_s,    u"Robinson"_s,   u"Walker"_s,   u"Young"_s,   u"Allen"_s,      u"King"_s,
        u"Wright"_s,   u"Scott"_s,      u"Hill"_s,     u"Green"_s,   u"Adams"_s,      u"Baker"_s,
        u"Nelson"_s,   u"Carter"_s,     u"Mitchell"_s, u"Roberts"_s, u"Turner"_s,     u"Phillips"_s,
        u"Campbell"_s, u"Parker"_s,     u"Evans"_s,    u"Edwards"_s, u"Collins"_s,    u"Stewart"_s,
        u"Morris"_s,   u"Murphy"_s,     u"Cook"_s,     u"Rogers"_s,  u"Morgan"_s,     u"Cooper"_s,
        u"Peterson"_s, u"Bailey"_s,     u"Reed"_s,     u"Kelly"_s,   u"Howard"_s,     u"Cox"_s,
        u"Ward"_s,     u"Richardson"_s, u"Watson"_s,   u"Brooks"_s,  u"Wood"_s,       u"James"_s,
        u"Bennett"_s,  u"Gray"_s,       u"Hughes"_s,   u"Price"_s,   u"Sanders"_s,    u"Myers"_s,
        u"Long"_s,     u"Ross"_s,       u"Foster"_s,   u"Powell"_s,  u"Jenkins"_s,    u"Perry"_s,
        u"Russell"_s,  u"Sullivan"_s,   u"Bell"_s,     u"Coleman"_s, u"Butler"_s,     u"Henderson"_s,
        u"Barnes"_s,   u"Fisher"_s,     u"Vasquez"_s,  u"Simmons"_s, u"Graham"_s,     u"Marshall"_s,
        u"Owens"_s,    u"Harrison"_s,   u"Gibson"_s,   u"Wallace"_s, u"McDonald"_s,   u"O'Brien"_s,
        u"O'Neil"_s,   u"Nguyen"_s,     u"Kim"_s,      u"Patel"_s,   u"Chen"_s,       u"Wang"_s,
        u"Tanaka"_s,   u"Singh"_s,      u"Khan"_s,     u"Lopez"_s,   u"Rivera"_s,     u"Ramirez"_s,
        u"Torres"_s,   u"Flores"_s,     u"Kowalski"_s, u"Schmidt"_s, u"Novak"_s,      u"Van Dyke"_s,
        u"Hoffman"_s,  u"Schultz"_s,    u"Larsen"_s,   u"Olsen"_s,   u"Fitzgerald"_s, u"Lee"_s,
    };
    accentedFamilyNames = QStringList{
        u"García"_s,  u"Núñez"_s,   u"Müller"_s,  u"Peña"_s,   u"Gómez"_s,    u"Hernández"_s,
        u"Léger"_s,   u"Dvořák"_s,  u"Jiménez"_s, u"Brontë"_s, u"Östberg"_s,  u"Fernández"_s,
        u"Sánchez"_s, u"Åkesson"_s, u"Lefèvre"_s, u"Çelik"_s,  u"Nørgaard"_s, u"Bäcker"_s,
    };
    for (const auto& state : kStates)
        states.append({QString::fromUtf16(state[0]), QString::fromUtf16(state[1])});
    for (const CitySeed& seed : kCities) {
        const QString code = QString::fromUtf16(seed.state);
        int stateIndex = -1;
        for (int i = 0; i < states.size(); ++i) {
            if (states[i].code == code)
                stateIndex = i;
        }
        Q_ASSERT(stateIndex >= 0);
        cities.append({QString::fromUtf16(seed.name), stateIndex, seed.zipPrefix,
                       QList<int>(seed.areaCodes.begin(), seed.areaCodes.end())});
    }
    streetNames = QStringList{
        u"Main"_s,     u"Oak"_s,        u"Maple"_s,  u"Cedar"_s,   u"Pine"_s,      u"Elm"_s,
        u"Park"_s,     u"Washington"_s, u"Lake"_s,   u"Hill"_s,    u"Walnut"_s,    u"Spring"_s,
        u"Church"_s,   u"Highland"_s,   u"Sunset"_s, u"Lincoln"_s, u"Jefferson"_s, u"Madison"_s,
        u"Franklin"_s, u"River"_s,      u"Meadow"_s, u"Willow"_s,  u"Forest"_s,    u"Market"_s,
        u"Mission"_s,  u"Broadway"_s,   u"Harbor"_s, u"Ridge"_s,   u"Valley"_s,    u"Chestnut"_s,
        u"1st"_s,      u"2nd"_s,        u"3rd"_s,    u"5th"_s,     u"10th"_s,      u"Mill"_s,
    };
    streetTypes =
        QStringList{u"St"_s, u"Ave"_s, u"Blvd"_s, u"Rd"_s, u"Ln"_s, u"Dr"_s, u"Ct"_s, u"Way"_s, u"Pl"_s};
    companyPrefixes = QStringList{
        u"Acme"_s,        u"Blue Ridge"_s,  u"Summit"_s,         u"Northwind"_s,     u"Pioneer"_s,
        u"Evergreen"_s,   u"Silverline"_s,  u"Redwood"_s,        u"Harbor"_s,        u"Granite"_s,
        u"Apex"_s,        u"Beacon"_s,      u"Cascade"_s,        u"Keystone"_s,      u"Liberty"_s,
        u"Meridian"_s,    u"Pinnacle"_s,    u"Sterling"_s,       u"Tri-County"_s,    u"Frontier"_s,
        u"Golden Gate"_s, u"Ironwood"_s,    u"Lakeside"_s,       u"Maplewood"_s,     u"Northstar"_s,
        u"Oakridge"_s,    u"Pacific"_s,     u"Prairie"_s,        u"Riverbend"_s,     u"Sagebrush"_s,
        u"Bluebonnet"_s,  u"Coastal"_s,     u"Crescent"_s,       u"Driftwood"_s,     u"Eagle"_s,
        u"Foxglove"_s,    u"Heritage"_s,    u"Horizon"_s,        u"Juniper"_s,       u"Lone Star"_s,
        u"Magnolia"_s,    u"Mesa"_s,        u"Old Town"_s,       u"Orchard"_s,       u"Peachtree"_s,
        u"Quarry"_s,      u"Rockport"_s,    u"Saltwater"_s,      u"Sequoia"_s,       u"Skyline"_s,
        u"Stonebridge"_s, u"Sunrise"_s,     u"Timberline"_s,     u"Twin Oaks"_s,     u"Union"_s,
        u"Vantage"_s,     u"Westfield"_s,   u"Whitewater"_s,     u"Willowbrook"_s,   u"Zephyr"_s,
        u"Café Luna"_s,   u"Señor Taco"_s,  u"Brandt & Söhne"_s, u"Parker & Sons"_s, u"Johnson Bros"_s,
        u"Allied"_s,      u"Bright Path"_s, u"Clearwater"_s,     u"Copperfield"_s,   u"Delta"_s,
        u"Everest"_s,     u"First Light"_s, u"Greenfield"_s,     u"Highpoint"_s,     u"Ivy"_s,
        u"Kingfisher"_s,  u"Landmark"_s,
    };
    companyIndustries = QStringList{
        u"Logistics"_s,   u"Dental"_s,     u"Analytics"_s,  u"Builders"_s, u"Foods"_s,
        u"Software"_s,    u"Consulting"_s, u"Supply"_s,     u"Partners"_s, u"Manufacturing"_s,
        u"Health"_s,      u"Realty"_s,     u"Systems"_s,    u"Labs"_s,     u"Energy"_s,
        u"Media"_s,       u"Capital"_s,    u"Outfitters"_s, u"Electric"_s, u"Plumbing"_s,
        u"Landscaping"_s, u"Veterinary"_s, u"Insurance"_s,  u"Marine"_s,   u"Printing"_s,
        u"Roofing"_s,     u"Staffing"_s,   u"Trucking"_s,   u"Textiles"_s, u"Robotics"_s,
        u"Pharmacy"_s,    u"Bakery"_s,     u"Brewing"_s,    u"Design"_s,   u"Engineering"_s,
        u"Hardware"_s,    u"Holdings"_s,   u"Industries"_s, u"Ventures"_s, u"Wholesale"_s,
    };
    suffixes.canonical = QStringList{u"Inc"_s, u"LLC"_s, u"Corp"_s, u"Ltd"_s, u"Co"_s};
    suffixes.dotted = QStringList{u"Inc."_s, u"LLC"_s, u"Corp."_s, u"Ltd."_s, u"Co."_s};
    suffixes.expanded = QStringList{u"Incorporated"_s, u"Limited Liability Company"_s, u"Corporation"_s,
                                    u"Limited"_s, u"Company"_s};
    freeMailDomains = QStringList{u"gmail.com"_s,  u"yahoo.com"_s, u"outlook.com"_s, u"hotmail.com"_s,
                                  u"icloud.com"_s, u"aol.com"_s,   u"proton.me"_s,   u"comcast.net"_s};
    leadSources = QStringList{u"Web Form"_s,  u"Trade Show"_s, u"Referral"_s,    u"Partner"_s,
                              u"Cold Call"_s, u"Webinar"_s,    u"Paid Search"_s, u"Organic Search"_s};
    salesReps = QStringList{u"A. Rivera"_s,  u"B. Chen"_s,     u"C. Okafor"_s, u"D. Novak"_s,
                            u"E. Larsen"_s,  u"F. Haddad"_s,   u"G. Moreau"_s, u"H. Tanaka"_s,
                            u"I. Petrova"_s, u"J. O'Connor"_s, u"K. Mensah"_s, u"L. Fischer"_s};
    paymentTerms = QStringList{u"Net 30"_s, u"Net 45"_s, u"Net 60"_s, u"Due on Receipt"_s, u"2/10 Net 30"_s};
    lifecycleStages = QStringList{u"subscriber"_s,         u"lead"_s,        u"marketingqualifiedlead"_s,
                                  u"salesqualifiedlead"_s, u"opportunity"_s, u"customer"_s,
                                  u"evangelist"_s,         u"other"_s};
}

QString asciiFold(const QString& text)
{
    bool ascii = true;
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return text;
    // Letters that do not decompose into base + combining mark.
    static const std::pair<char16_t, const char*> kSpecial[] = {
        {u'ø', "o"},  {u'Ø', "O"},  {u'ł', "l"}, {u'Ł', "L"}, {u'ß', "ss"},
        {u'æ', "ae"}, {u'Æ', "AE"}, {u'đ', "d"}, {u'Đ', "D"}, {u'ı', "i"},
    };
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.unicode() < 0x80) {
            out.append(c);
            continue;
        }
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        bool mapped = false;
        for (const auto& [from, to] : kSpecial) {
            if (c.unicode() == from) {
                out.append(QLatin1StringView(to));
                mapped = true;
                break;
            }
        }
        if (!mapped)
            out.append(u'?');
    }
    return out;
}

} // namespace concord::gen
