"""Articles of the demo site. Written for this project; the first is the seed article as its site
served it (the seed text dump, tests/data/seed_dump.txt, is what a naive scraper kept of it)."""

SEED_BODY = """
<p>Special Representative for Afghan Reconciliation Zalmay Khalilzad has planned several rounds of meetings over three days to press Taliban to stop their military offensive and to negotiate a political settlement, reports Asian Lite News</p>
<p>The State Department has said the increased tempo of Taliban military engagement in Afghanistan, resulting civilian casualties in armed conflict between the sides, and alleged human rights atrocities are of grave concern.</p>
<p>US Special Representative for Afghan Reconciliation Zalmay Khalilzad left for Doha, where he helped formulate a joint international response to the rapidly deteriorating situation in the war-torn country.</p>
<p>In several planned rounds of meetings over three days, representatives from countries in the region and beyond as well as from multilateral organisations will press for a reduction of violence and ceasefire and a commitment not to recognize a government imposed by force.</p>
<p>He will press the Taliban to stop their military offensive and to negotiate a political settlement, which is the only path to stability and development in Afghanistan, the State Department said.</p>
<p>A negotiated peace is the only path to ending the war, and the US will continue to work with all parties and with regional and international stakeholders to advance a consensus on a political settlement.</p>
<p>Doha will host international meetings on the Afghanistan peace process from Tuesday to Friday.</p>
<p>The meetings are said to be attended by US, China, Pakistan, Russia, representatives from the N, and other mediators of the intra-Afghan talks.</p>
<p>Head of High Council for National Reconciliation Abdullah Abdullah and State minister in peace affairs Syed Saadat Mansoor Naderi have also arrived in Doha on behalf of the Kabul government.</p>
<figure class="wp-block-image size-large"><img src="/wp-content/uploads/2021/08/b52-bomber.jpg" alt="US B-52 Bomber" width="1024" height="576"><figcaption>US B-52 Bomber strike Taliban(Pic credit ANI)</figcaption></figure>
<h3>US to continue to support Afghan forces</h3>
<p>As the security situation is deteriorating in Afghanistan amid intense fighting between the Taliban and government forces, the Pentagon has said that the US military will continue to support troops in the war-torn country.</p>
<p>Addressing a briefing, Pentagon Press Secretary John Kirby said that the security situation in Afghanistan “is clearly not going in the right direction”.</p>
<p>“We will continue to support them with the authorities we have, where and when feasible, understanding that it’s not always going to be feasible,” he said.</p>
<p>“But where and when feasible, we will continue to support them with airstrikes, for instance.”</p>
<p>He noted that the Afghan forces have the capability and advantages in combat with the Taliban, stressing the need for Kabul to exert both political and military leadership.</p>
<p>Kirby declined to speculate if the US military will continue to provide air support for Afghan forces beyond August 31, the date that President Joe Biden had ordered the American military to end its mission in Afghanistan.</p>
<p>The US military conducted airstrikes against Taliban militants in recent days as the militant group has made rapid advances and claimed to have captured six provincial capitals after heavy clashes.</p>
<p>Many Afghan cities and about half of the country’s 34 provinces have seen heavy battles and street fighting in recent weeks as Taliban militants continued fighting against security forces.</p>
<p>Given the deteriorating security situation, the US Embassy in Kabul on on August 7 urged all Americans to leave the country immediately via available commercial flights.</p>
<p><strong>ALSO READ:</strong><a href="/2021/08/09/taliban-kidnap-and-forcibly-marry-teenage-girls/">Taliban kidnap and forcibly marry teenage girls</a></p>
<p><strong>ALSO READ: </strong><a href="/2021/08/08/govt-forces-foil-taliban-attack-on-afghan-provincial-capital/">Govt forces foil Taliban attack on Afghan provincial capital</a></p>
"""

# Template "lantern": a WordPress news theme (header menu, ticker, read time, ALSO READ, post
# navigation, "Latest from" and "Don't Miss" teaser blocks).
LANTERN = [
    dict(
        slug="2021/08/10/us-to-press-taliban-to-stop-military-offensive",
        title="US to press Taliban to stop military offensive",
        published="2021-08-10T09:12:44+00:00",
        author="Asian Lite News",
        read_time="3 mins read",
        section="Top News",
        html=SEED_BODY,
    ),
    dict(
        slug="2021/08/09/taliban-kidnap-and-forcibly-marry-teenage-girls",
        title="Taliban kidnap and forcibly marry teenage girls",
        published="2021-08-09T14:02:10+00:00",
        author="Asian Lite News",
        read_time="2 mins read",
        section="Top News",
        paragraphs=[
            "Reports from provinces newly taken by the Taliban describe families forced to hand over daughters to fighters, a rights group said on Monday.",
            "The group said it had collected testimony from residents in three districts who said that local commanders drew up lists of unmarried girls and widows.",
            "Aid workers said many families had fled to provincial capitals, where shelters were already full and food prices had doubled in a month.",
            "The Taliban denied the reports and said its fighters had been ordered to respect the rights of residents in the areas under their control.",
        ],
    ),
    dict(
        slug="2021/08/08/govt-forces-foil-taliban-attack-on-afghan-provincial-capital",
        title="Govt forces foil Taliban attack on Afghan provincial capital",
        published="2021-08-08T07:45:00+00:00",
        author="Asian Lite News",
        read_time="2 mins read",
        section="Top News",
        paragraphs=[
            "Afghan security forces repelled a Taliban attack on the outskirts of a provincial capital overnight, the defence ministry said on Sunday.",
            "The ministry said air support had been called in after fighters tried to enter the city from two directions shortly after midnight.",
            "Residents said the fighting lasted for several hours and that shops in the main bazaar stayed closed on Sunday morning.",
            "Local officials said they were still counting casualties and that roads into the city remained blocked by security checkpoints.",
        ],
    ),
    dict(
        slug="2021/08/11/afghan-forces-must-fight-for-their-nation-biden",
        title="Afghan forces must fight for their nation: Biden",
        published="2021-08-11T02:30:00+00:00",
        author="Asian Lite News",
        read_time="3 mins read",
        section="Top News",
        paragraphs=[
            "President Joe Biden said Afghan leaders must come together and fight for their nation, adding that he did not regret his decision to withdraw US troops.",
            "Speaking at the White House, Biden said the United States had spent more than a trillion dollars over twenty years and had trained and equipped more than 300,000 Afghan troops.",
            "He said Washington would keep its commitments, including close air support, paying the salaries of the military and supplying food and equipment.",
            "The remarks came as the Taliban took control of an eighth provincial capital in less than a week.",
        ],
    ),
    dict(
        slug="2021/08/07/baloch-senator-alleges-conspiracy-in-temple-attacks",
        title="Baloch senator alleges conspiracy in temple attacks",
        published="2021-08-07T11:20:00+00:00",
        author="Asian Lite News",
        read_time="2 mins read",
        section="World",
        paragraphs=[
            "A senator from Balochistan told the upper house that recent attacks on Hindu temples were part of a conspiracy to stoke unrest in the province.",
            "He asked the interior ministry to publish the findings of its investigation and to name those who had organised the mob.",
            "Community leaders said they had asked for police protection for places of worship ahead of the festival season.",
        ],
    ),
    dict(
        slug="2022/03/02/vance-defends-us-sanctions-tariffs-on-india",
        title="Vance Defends US Sanctions, Tariffs on India",
        published="2022-03-02T10:00:00+00:00",
        author="Asian Lite News",
        read_time="2 mins read",
        section="Top News",
        paragraphs=[
            "The US vice president said the administration was making it harder for Moscow to profit from its oil economy through measures that include tariffs on India.",
            "He told reporters that sanctions were meant to push all sides toward talks and that the tariffs would be reviewed every quarter.",
            "Indian officials called the tariffs unjustified and said the country would continue to buy energy wherever it found the best price for its people.",
        ],
    ),
    dict(
        slug="2022/03/04/bangladesh-rejects-dars-1971-claim",
        title="Bangladesh Rejects Dar’s 1971 Claim",
        published="2022-03-04T16:40:00+00:00",
        author="Asian Lite News",
        read_time="2 mins read",
        section="Top News",
        paragraphs=[
            "Bangladesh rejected a claim by Pakistan’s deputy prime minister that the issues of 1971 had been settled, the foreign ministry in Dhaka said.",
            "The claim was made during a two-day visit to Dhaka, the first by a Pakistani foreign minister in thirteen years.",
            "Officials said an apology and the division of assets remained on the agenda for any future talks between the two countries.",
        ],
    ),
    dict(
        slug="2022/04/18/us-climate-envoy-visits-indian-parliament",
        title="US climate envoy visits Indian Parliament",
        published="2022-04-18T08:15:00+00:00",
        author="Asian Lite News",
        read_time="2 mins read",
        section="Lifestyle",
        paragraphs=[
            "The US climate envoy visited the Indian Parliament and met members of the standing committee on environment and forests.",
            "He appeared buoyed that the world’s two biggest polluters had agreed to share data on methane emissions from coal mines.",
            "Members of the committee asked about finance for the transition away from coal in the eastern states.",
        ],
    ),
    dict(
        slug="2022/05/01/congress-slams-centres-silence-on-us-deportation",
        title="Congress slams Centre’s silence on US deportation",
        published="2022-05-01T13:05:00+00:00",
        author="Asian Lite News",
        read_time="2 mins read",
        section="Top News",
        paragraphs=[
            "An opposition lawmaker criticised the government for its silence over the deportation of Indian nationals from the United States.",
            "He said the families of those deported had not been told where their relatives would land or how they would be brought home.",
            "The external affairs ministry said it was in touch with US authorities and would share details once the flights were confirmed.",
        ],
    ),
]

# Template "ledger": a metro daily's HTML5 page (JSON-LD, byline with role, figure credits, inline
# related links, newsletter box, comments, most-read sidebar).
# In every Ledger article's body, after the last paragraph, like a paragraph of the article: only the
# site template learned from the Ledger's own pages can tell it is chrome.
LEDGER_PROMO = "Tips about the harbour city go to the Ledger newsroom, day or night, on 0100 555 0199."

LEDGER = [
    dict(
        slug="ledger/city/2023/03/14/tram-line-extension-approved.html",
        title="Council approves tram line extension to the harbour",
        published="2023-03-14T08:30:00+01:00",
        author="Mira Okafor",
        section="City",
        standfirst="The four-kilometre line will link the central station with the new harbour district by 2027.",
        paragraphs=[
            "The city council voted 31 to 12 on Monday night to extend the tram line from the central station to the harbour district, ending two years of debate over the route.",
            "The extension will add six stops and is expected to carry 18,000 passengers a day once the harbour housing blocks are finished.",
            "Opponents had argued for a cheaper bus lane, saying the money would be better spent on repairing the existing track.",
            "Construction is due to start next spring. Shop owners on Quay Street will be offered compensation for the months when the street is closed.",
        ],
        quote="A tram is a promise that the street will still be served in forty years.",
        figure=("/ledger/img/tram.jpg", "A tram at the central station on Monday.", "Photo: Jonas Weber"),
    ),
    dict(
        slug="ledger/city/2023/03/15/library-opens-on-sundays.html",
        title="Central library to open on Sundays from April",
        published="2023-03-15T12:00:00+01:00",
        author="Tom Reyes",
        section="City",
        standfirst="Longer hours are funded by a grant from a local foundation for the next three years.",
        paragraphs=[
            "The central library will open on Sundays from the first weekend in April, the culture department said on Wednesday.",
            "The reading rooms and the children’s floor will be open from 11am to 5pm, while the archive will remain closed at weekends.",
            "Librarians said Sunday was the day most requested in a survey of 4,000 members last autumn.",
        ],
        listing=["Reading rooms: 11am to 5pm", "Children’s floor: 11am to 5pm", "Archive: closed"],
    ),
    dict(
        slug="ledger/business/2023/03/16/bakery-chain-expands.html",
        title="Family bakery chain opens its tenth shop",
        published="2023-03-16T07:10:00+01:00",
        author="Mira Okafor and Tom Reyes",
        section="Business",
        standfirst="The chain that began in a garage in 1998 now employs 140 people.",
        paragraphs=[
            "A family-run bakery chain opened its tenth shop in the old post office building on Market Square on Thursday.",
            "The owners said they had kept the building’s tiled floor and the wooden counters, which date from 1911.",
            "The company plans to open two more shops in the suburbs next year and to start a training programme for apprentices.",
        ],
        figure=("/ledger/img/bakery.jpg", "The new shop on Market Square.", "Photo: Ledger archive"),
    ),
    dict(
        slug="ledger/business/2023/03/17/port-traffic-record.html",
        title="Port handles record number of containers",
        published="2023-03-17T16:45:00+01:00",
        author="Anna Lindqvist",
        section="Business",
        standfirst="Traffic rose by nine percent as shipping lines moved services from congested hubs.",
        paragraphs=[
            "The port handled 1.9 million containers last year, a record, the port authority said in its annual report.",
            "Shipping lines moved some services to the city after delays at larger hubs, and a new rail link to the inland terminal opened in June.",
            "The authority warned that the quay walls in the old basin would need repairs costing at least 60 million over the next decade.",
        ],
        quote="We are running out of room on the quay, not out of ships.",
    ),
    dict(
        slug="ledger/world/2023/03/18/flood-barrier-test.html",
        title="Flood barrier passes first full-scale test",
        published="2023-03-18T10:20:00+01:00",
        author="Anna Lindqvist",
        section="World",
        standfirst="Engineers closed all eight gates for the first time ahead of the storm season.",
        paragraphs=[
            "All eight gates of the new flood barrier closed within 40 minutes during a full-scale test on Saturday, engineers said.",
            "The barrier is designed to protect 200,000 homes along the estuary from storm surges that are expected to grow as sea levels rise.",
            "Residents watched from the dyke as the gates swung shut, and a second test with partial closure is planned for May.",
        ],
        figure=("/ledger/img/barrier.jpg", "The gates closing on Saturday.", "Photo: Harbour Authority"),
    ),
    dict(
        slug="ledger/world/2023/03/19/night-trains-return.html",
        title="Night trains return to the northern route",
        published="2023-03-19T09:00:00+01:00",
        author="Tom Reyes",
        section="World",
        standfirst="Sleeper services will run three times a week from June.",
        paragraphs=[
            "Night trains will return to the northern route in June after a break of eleven years, the rail operator announced on Sunday.",
            "The trains will have sleeper cabins and couchettes, and tickets go on sale in April.",
            "The operator said demand had grown among travellers who want to avoid short flights.",
        ],
        listing=[
            "Departures on Monday, Wednesday and Friday",
            "Journey time about 11 hours",
            "Bicycles allowed",
        ],
    ),
    dict(
        slug="ledger/city/2023/03/20/school-meals-plan.html",
        title="Free school meals plan wins cross-party backing",
        published="2023-03-20T18:30:00+01:00",
        author="Mira Okafor",
        section="City",
        standfirst="Every primary pupil will get a hot lunch from the next school year.",
        paragraphs=[
            "A plan to give every primary school pupil a free hot lunch won the support of all parties on the education committee on Monday.",
            "The scheme will cost about 14 million a year and will be paid for partly by the regional government.",
            "Head teachers welcomed the plan but said several schools would need new kitchens before it could start.",
        ],
    ),
]

# Template "talbote": an older German regional portal (div soup, no h1, date and read time in one
# line, "Mehr aus dem Tal" link list, no JSON-LD or Open Graph).
TALBOTE = [
    dict(
        slug="talbote/2023/03/12/neue-bruecke-eroeffnet.html",
        title="Neue Brücke über die Lenne eröffnet",
        published="12.03.2023 14:05",
        author="Karin Schulte",
        read_time="Lesezeit: 2 Min.",
        paragraphs=[
            "Nach achtzehn Monaten Bauzeit ist die neue Fußgänger- und Radbrücke über die Lenne am Sonntag eröffnet worden.",
            "Hunderte Menschen kamen zur Eröffnung, bei der der Bürgermeister das Band gemeinsam mit Schülerinnen der Grundschule durchschnitt.",
            "Die Brücke ersetzt einen maroden Steg aus den sechziger Jahren und verbindet das Neubaugebiet mit dem Bahnhof.",
        ],
    ),
    dict(
        slug="talbote/2023/03/13/freibad-saison.html",
        title="Freibad öffnet früher als geplant",
        published="13.03.2023 09:40",
        author="Peter Brandt",
        read_time="Lesezeit: 2 Min.",
        paragraphs=[
            "Das Freibad am Stadtpark öffnet in diesem Jahr bereits am ersten Mai, zwei Wochen früher als üblich.",
            "Die Stadtwerke begründen den früheren Start mit der neuen Solaranlage, die das Wasser in den Becken erwärmt.",
            "Die Preise für Saisonkarten bleiben unverändert, Kinder unter sechs Jahren haben weiterhin freien Eintritt.",
        ],
    ),
    dict(
        slug="talbote/2023/03/14/wochenmarkt-umzug.html",
        title="Wochenmarkt zieht auf den Kirchplatz",
        published="14.03.2023 17:20",
        author="Karin Schulte",
        read_time="Lesezeit: 3 Min.",
        paragraphs=[
            "Der Wochenmarkt zieht während der Sanierung des Marktplatzes für ein Jahr auf den Kirchplatz.",
            "Die Händler hatten sich für den neuen Standort ausgesprochen, weil dort mehr Parkplätze in der Nähe liegen.",
            "Der Markt findet weiterhin dienstags und samstags von sieben bis dreizehn Uhr statt.",
            "Die Stadt will im Herbst prüfen, ob der Markt dauerhaft am Kirchplatz bleiben soll.",
        ],
    ),
    dict(
        slug="talbote/2023/03/15/chor-jubilaeum.html",
        title="Männerchor feiert hundertjähriges Bestehen",
        published="15.03.2023 11:00",
        author="Peter Brandt",
        read_time="Lesezeit: 2 Min.",
        paragraphs=[
            "Der Männerchor des Ortes feiert in diesem Jahr sein hundertjähriges Bestehen mit einem Festkonzert in der Stadthalle.",
            "Der Chor wurde 1923 von Bergleuten gegründet und zählt heute noch zweiunddreißig aktive Sänger.",
            "Der Vorsitzende hofft, mit dem Jubiläum auch jüngere Sänger für den Chor zu gewinnen.",
        ],
    ),
    dict(
        slug="talbote/2023/03/16/radweg-lueckenschluss.html",
        title="Lücke im Radweg nach Altena wird geschlossen",
        published="16.03.2023 08:15",
        author="Karin Schulte",
        read_time="Lesezeit: 2 Min.",
        paragraphs=[
            "Die letzte Lücke im Radweg zwischen der Stadt und Altena wird im Sommer geschlossen.",
            "Der Kreis hat dafür rund 900.000 Euro aus einem Förderprogramm des Landes erhalten.",
            "Während der Bauarbeiten wird die Landstraße an mehreren Tagen halbseitig gesperrt.",
        ],
    ),
    dict(
        slug="talbote/2023/03/17/feuerwehr-neues-fahrzeug.html",
        title="Feuerwehr erhält neues Löschfahrzeug",
        published="17.03.2023 19:45",
        author="Peter Brandt",
        read_time="Lesezeit: 2 Min.",
        paragraphs=[
            "Die Freiwillige Feuerwehr hat am Freitag ein neues Löschfahrzeug in Dienst gestellt.",
            "Das Fahrzeug ersetzt einen Wagen aus dem Jahr 1994 und hat einen Wassertank mit viertausend Litern.",
            "Der Wehrleiter dankte dem Rat für die Finanzierung und lud alle Bürger zum Tag der offenen Tür ein.",
        ],
    ),
]
