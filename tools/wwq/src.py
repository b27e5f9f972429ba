DOCS = []
def D(id, date, title, text, doc_date=None):
    DOCS.append(dict(id=id, date=date, title=title, text=text, doc_date=doc_date))

D("wwq-001", "2014-03-14", "One dead as rival rallies clash in Donetsk", '''
{p:Donetsk;UKR;Donetsk Oblast|DONETSK}, {p:;UKR|Ukraine}, {d:2014-03-14|March 14} (dyad) - One man was killed and at least 16 people were injured on {d:@past|Thursday evening} when rival rallies clashed in the eastern city of {p:;UKR;Donetsk Oblast|Donetsk}, regional health officials said. Police said the fighting broke out on Lenin Square shortly after 7 p.m. and lasted about an hour.

“{q:A|We tried to keep the two groups apart, but there were too few of us,}” police colonel {s:A|Viktor Marchuk} told reporters. Marchuk said 30 people had been detained.

The regional governor, {s:B|Oleh Savchenko}, called the clashes "{q:B|a provocation planned in advance}" and said he would meet protest leaders {d:@today|today}. {m:;UKR;Kyiv|Kyiv} sent extra police units to the region {d:@thismonth|earlier this month}, the interior ministry said.
''')

D("wwq-002", "2008-08-14", "Two Georgias: emigrants rally in Atlanta", '''
Several hundred Georgian emigrants rallied outside the state capitol in {p:;USA;Georgia|Atlanta}, {p:Georgia;USA;Georgia|Georgia}, on {d:@past|Wednesday} to demand more Western support for {p:Georgia;GEO|Georgia}, the former Soviet republic where a ceasefire took hold {d:@thisweek|earlier this week}.

"{q:A|My children grew up here, but my heart is in {p:;GEO;Tbilisi|Tbilisi},}" said {s:A|Nino Beridze}, a 52-year-old nurse who moved to the {p:United States;USA|United States} in {d:1999|1999}. Beridze said her brother lives in {p:;GEO;Shida Kartli|Gori}, a town about 80 km from the capital, and that she had not heard from him since {d:@past|Friday}.

"{q:C|{m:Georgia;USA;Georgia|Georgia} stands with {m:Georgia;GEO|Georgia},}" {s:C|a spokeswoman for the governor} said, adding that the state would host a fundraising concert {d:@nextmonth|next month}.
''')

D("wwq-003", "2012-05-14", "Sectarian clashes in Lebanon's Tripoli spread", '''
Gunmen from rival neighbourhoods fought with rockets and machine guns in the northern Lebanese city of {p:Tripoli;LBN;North Governorate|Tripoli} for a third day on {d:@past|Monday}, killing two more people and bringing the death toll since {d:@past|Saturday} to eight, security sources said.

The fighting pits supporters and opponents of the government in neighbouring {p:;SYR|Syria}, where an uprising began in {d:2011-03|March last year}. Schools and shops in the port city stayed shut.

"{q:A|People are trapped in their homes without bread or water,}" {s:A|Khaled Merhi}, a local aid worker, told dyad by telephone. "{q:A|The army comes in, the shooting stops for an hour, then it starts again.}"

Prime Minister {s:B|Samir Haddad} chaired an emergency security meeting in {p:;LBN;Beirut|Beirut} and said the army had been ordered "{q:B|to strike with an iron fist}" at anyone who opened fire.
''')

D("wwq-004", "2011-08-22", "Rebels reach central Tripoli", '''
Libyan rebels poured into the heart of {p:Tripoli;LBY;Tripoli|Tripoli} on {d:@past|Sunday night} and by {d:@past|Monday morning} controlled most of the capital, though fighting continued around the leader's compound, residents said.

"{q:A|We came from the west and from the sea at the same time. They did not expect us,}" rebel commander {s:A|Fathi al-Warfalli} said by telephone from {p:Tripoli;LBY;Tripoli|Tripoli}. He said his fighters had set out from the mountain town of {p:;LBY;Nalut|Nalut} {d:@lastweek|last week}.

In {p:;LBY;Benghazi|Benghazi}, the rebel stronghold in the east, thousands celebrated in the streets. A spokesman for the rebel council, {s:B|Mustafa Ghariani}, told reporters the council would move to the capital "{q:B|within days}". {m:;USA;District of Columbia|Washington} and {m:;GBR;England|London} urged the rebels to avoid reprisals.
''')

D("wwq-005", "2015-06-08", "Paris, Texas, shrugs off its famous namesake", '''
The city of {p:Paris;USA;Texas|Paris}, {p:Texas;USA;Texas|Texas}, opened its annual summer festival on {d:@past|Saturday} with a new 20-metre replica of the Eiffel Tower, topped as always by a red cowboy hat.

"{q:A|People drive in from {p:;USA;Texas|Dallas} and {p:;USA;Oklahoma|Oklahoma City} and ask where the real one is. I tell them: you're standing in it,}" said Mayor {s:A|Jolene Pickett}. She said the town of about 25,000 had welcomed a record number of visitors {d:@lastyear|last year}.

Pickett has been to {p:Paris;FRA;Île-de-France|Paris} only once, in {d:2009|2009}. The French capital was "{q:B|lovely, but a bit crowded}", {s:B=Jolene Pickett|she} added. The festival runs until {d:2015-06-14|June 14}.
''')

D("wwq-006", "", "Bank of England holds rates", '''
{p:London;GBR;England|LONDON}, {d:2014-03-14|14 March 2014} (dyad) - The Bank of England left interest rates at a record low on {d:@past|Thursday} and signalled that any rise would be gradual.

Governor {s:A|Alistair Penrose} said: '{q:A|The recovery is real, but it is not yet secure, and we will not put it at risk.}'

Speaking to business leaders in {p:;GBR;Scotland|Glasgow} {d:@yesterday|yesterday}, he added that the bank would review its guidance {d:@nextmonth|next month}. Rates have stood at 0.5 per cent since {d:2009-03-05|5 March 2009}.
''', doc_date="2014-03-14")

D("wwq-007", "2010-02-15", "Afghan and foreign troops push into Marjah", '''
Afghan and foreign troops pressed deeper into the town of {p:Marjah;AFG;Helmand|Marjah} in southern {p:Helmand;AFG;Helmand|Helmand} province on {d:@past|Monday}, meeting pockets of resistance from Taliban fighters who had laid hundreds of roadside bombs, officers said.

Twelve civilians were killed on {d:@past|Sunday} when two rockets hit a house outside the town, according to a statement from the provincial governor's office. The governor, {s:A|Gulab Sherzad}, called the deaths "{q:A|a tragedy we deeply regret}".

"{q:B|We are moving slowly because every road is mined,}" said Captain {s:B|Joshua Reed}, a {m:United States;USA|U.S.} Marine officer. "{q:B|But we are not going to stop.}" He said the operation could last until {d:2010-03|March}.

{m:;AFG;Kabul|Kabul} says the offensive is a test of whether Afghan forces can hold ground after {m:United States;USA|U.S.} troops begin to leave in {d:2011|2011}.
''')

D("wwq-008", "2016-11-25", "Smog closes schools on both sides of the Punjab border", '''
Authorities in {p:Lahore;PAK;Punjab|Lahore} closed all schools until {d:@fut|Monday} as thick smog blanketed {p:Punjab;PAK;Punjab|Punjab} province for a second week, and officials across the border in the Indian state of {p:Punjab;IND;Punjab|Punjab} said they might follow.

Visibility at {p:;IND;Punjab|Amritsar} airport fell below 50 metres on {d:@past|Thursday}, and several flights to {p:New Delhi;IND;Delhi|New Delhi} were cancelled. "{q:A|Farmers are still burning the rice stubble, and the wind carries it everywhere,}" {s:A|Harpreet Sandhu}, a doctor in {p:;IND;Punjab|Ludhiana}, said.

{m:;PAK;Punjab|Lahore}'s commissioner, {s:B|Tariq Bhatti}, told reporters the ban on brick kilns announced {d:@thismonth|earlier this month} would stay in place "{q:B|until the air is fit to breathe}".
''')

D("wwq-009", "2013-01-17", "Chad sends troops to Mali", '''
{m:Chad;TCD|Chad} will send 2,000 soldiers to help drive Islamist fighters out of northern {p:Mali;MLI|Mali}, the government in {p:;TCD;N'Djamena|N'Djamena} said on {d:@past|Wednesday}, making it the largest African contribution so far.

The first units left {p:;TCD;N'Djamena|N'Djamena} by air for {p:;MLI;Bamako|Bamako} {d:@today|today}, a defence ministry official said. French warplanes have been striking rebel positions around {p:;MLI;Mopti|Konna} and {p:;MLI;Gao|Gao} since {d:2013-01-11|January 11}.

In {p:;USA;District of Columbia|Washington}, former {m:United States;USA|U.S.} Army officer {s:A|Chad Whitmore}, who trained Chadian troops in {d:2010|2010}, said they were "{q:A|among the toughest desert fighters anywhere}". {s:B=Chad Whitmore|Whitmore} told reporters he expected the deployment to last "{q:B|well into {d:@nextyear|next year}}".
''')

D("wwq-010", "2015-09-11", "Jordan Ellis brings refugee football project to Amman", '''
Retired footballer {s:A|Jordan Ellis} opened a training centre for refugee children in {p:;JOR;Amman|Amman} on {d:@past|Thursday}, {d:@thisyear|this year}'s third such project in {p:Jordan;JOR|Jordan}.

Ellis, who played for {m:;GBR;England|Leeds} and {m:;USA;Colorado|Denver}, spent {d:@lastweek|last week} at the {p:Zaatari;JOR;Mafraq|Zaatari} camp near the Syrian border, which houses about 80,000 people.

"{q:B|When a ball rolls onto the pitch, for ninety minutes these kids are not refugees,}" {s:B=Jordan Ellis|he} said. "{q:B|They are just kids from {p:;SYR;Homs|Homs} and {p:;SYR;Aleppo|Aleppo} and {p:;SYR;Daraa|Daraa} who want to win.}"

The centre, funded by a charity based in {p:;USA;Georgia|Savannah}, {p:Georgia;USA;Georgia|Georgia}, will open a second site in {p:;JOR;Irbid|Irbid} {d:@nextyear|next year}.
''')

D("wwq-011", "2014-09-05", "Minsk talks agree ceasefire for eastern Ukraine", '''
Envoys meeting in {p:;BLR;Minsk|Minsk} signed a ceasefire deal for eastern {p:Ukraine;UKR|Ukraine} on {d:@past|Friday}, hours after shelling killed at least four civilians on the outskirts of {p:;UKR;Donetsk Oblast|Mariupol}.

The foreign minister, {s:A|Pavlo Hrytsenko}, said the deal was only a first step. “{q:A|A piece of paper does not stop a tank. We will judge this agreement by what happens on the ground in {p:;UKR;Donetsk Oblast|Donetsk} and {p:;UKR;Luhansk Oblast|Luhansk} over the coming days.}

“{q:A|If the guns fall silent, we are ready to discuss everything else, including local elections.}”

Separatist leader {s:B|Igor Zakharchenko} told reporters the rebels would respect the truce "{q:B|as long as {m:;UKR;Kyiv|Kyiv} does}". The minister said the next round of talks would take place on {d:@fut|Monday}.
''')

D("wwq-012", "2009-06-15", "Tehran protesters defy ban for third day", '''
Tens of thousands of people marched through central {p:;IRN;Tehran|Tehran} on {d:@past|Monday} to protest against the result of {d:@past|Friday}'s presidential election, defying a ban by the interior ministry.

"{q:A|My father told me, 'We made a revolution in {d:1979|1979} so that our votes would count.' Now I understand what he meant,}" said {s:A|Maryam}, a 24-year-old student who gave only her first name.

Opposition candidate {s:B|Hossein Karimi} told the crowd in Freedom Square: "{q:B|They have stolen your vote. Do not let them steal your voice.}" Witnesses said police used tear gas near the university.

Protests were also reported in {p:;IRN;Isfahan|Isfahan} and {p:;IRN;Razavi Khorasan|Mashhad}, according to opposition websites.
''')

D("wwq-013", "2011-01-28", "Alexandria and Cairo erupt on 'day of rage'", '''
Police fired tear gas and rubber bullets at protesters in {p:Cairo;EGY;Cairo|Cairo}, {p:Alexandria;EGY;Alexandria|Alexandria} and {p:Suez;EGY;Suez|Suez} on {d:@past|Friday}, as tens of thousands poured out of mosques after midday prayers to demand an end to three decades of rule by the president.

"{q:A|We are not afraid any more,}" said {s:A|Amr Fathy}, a 30-year-old engineer in {p:Alexandria;EGY;Alexandria|Alexandria}. "{q:A|They killed people in {p:Suez;EGY;Suez|Suez} on {d:@past|Tuesday} and we said: 'Enough.'}"

Authorities cut internet access nationwide before dawn. In {p:Alexandria;USA;Virginia|Alexandria}, {p:Virginia;USA;Virginia|Virginia}, outside {p:Washington;USA;District of Columbia|Washington}, several hundred Egyptian Americans held a vigil. "{q:B|We are watching every minute,}" one organiser, {s:B|Dina Khalil}, said.
''')

D("wwq-014", "", "Afghan election count delayed", '''
{p:Kabul;AFG;Kabul|KABUL}, {d:2009-09-02|Sept. 2, 2009} (dyad) - {m:Afghanistan;AFG|Afghanistan}'s election commission said on {d:@past|Wednesday} it would not publish full results of the {d:2009-08-20|Aug. 20} presidential vote for at least two weeks, as complaints of fraud piled up.

The commission's spokesman, Noor Ahmad Sultani, said more than 600 complaints had been received from {p:Kandahar;AFG;Kandahar|Kandahar}, {p:Helmand;AFG;Helmand|Helmand} and {p:Paktika;AFG;Paktika|Paktika} alone. "{q:C|We will check every box. Nobody will be declared the winner until we are sure,}" {s:C=Noor Ahmad Sultani|he} said.

{s:B|A European Union observer} told reporters {d:@yesterday|yesterday} that turnout in some southern districts had been "{q:B|extremely low, perhaps five per cent}". The observer, who asked not to be named, said the mission would publish its report {d:@nextmonth|next month}.
''', doc_date="2009-09-02")

D("wwq-015", "", "Venezuela protests spread to Valencia", '''
{p:Caracas;VEN;Distrito Capital|CARACAS}, {p:Venezuela;VEN|Venezuela}, {d:2014-02-19|Feb. 19, 2014} (dyad) - Anti-government protests spread from the capital to the industrial city of {p:Valencia;VEN;Carabobo|Valencia} on {d:@past|Tuesday}, where a 22-year-old beauty queen was shot in the head and died {d:@today|today} in hospital, her family said.

"{q:A|She went out to march for her country and they killed her,}" her cousin {s:A|Luis Carvajal} told reporters outside the hospital. Carvajal said she had returned {d:@lastyear|last year} from studying in {p:Valencia;ESP;Valencian Community|Valencia}, {p:Spain;ESP|Spain}.

Interior Minister {s:B|Rafael Godoy} blamed "{q:B|fascist groups financed from abroad}" for the violence and said 41 people had been arrested in the states of {p:Carabobo;VEN;Carabobo|Carabobo} and {p:Táchira;VEN;Táchira|Táchira} since {d:2014-02-12|Feb. 12}.
''', doc_date="2014-02-19")

D("wwq-016", "2013-10-04", "Kenyan envoy seeks Italian help after Lampedusa sinking", '''
{m:Kenya;KEN|Kenya}'s ambassador to {p:Italy;ITA|Italy}, {s:A|Florence Wanjiru}, travelled to {p:Florence;ITA;Tuscany|Florence} on {d:@past|Thursday} to ask regional officials in {p:Tuscany;ITA;Tuscany|Tuscany} to help identify African migrants who drowned when their boat sank off the island of {p:Lampedusa;ITA;Sicily|Lampedusa} {d:@yesterday|yesterday}.

“{q:B|Some of these young people had relatives here, and those families deserve to know,}” {s:B=Florence Wanjiru|Wanjiru} said after the meeting.

Coast guard officials in {p:;ITA;Sicily|Palermo} said 111 bodies had been recovered by {d:@past|Friday morning} and about 150 people had been rescued. Most of the passengers had set off from {p:Misrata;LBY;Misrata|Misrata} in {p:Libya;LBY|Libya}, they said.
''')

D("wwq-017", "2009-02-09", "Victoria fires: death toll passes 170", '''
The death toll from bushfires in the Australian state of {p:Victoria;AUS;Victoria|Victoria} rose to 173 on {d:@past|Monday}, making {d:@past|Saturday}'s fires the deadliest in the country's history.

Most of the victims died in and around the town of {p:Kinglake;AUS;Victoria|Kinglake}, about 50 km north-east of {p:Melbourne;AUS;Victoria|Melbourne}. Premier {s:A|Victoria Hale} visited evacuation centres on {d:@past|Sunday}. "{q:C|I have never seen anything like it. Whole streets are simply gone,}" {s:C=Victoria Hale|she} told reporters.

Fire chief {s:B|Russell Mears} said the blazes had been fed by temperatures above 46 degrees and winds of up to 100 km an hour. "{q:D|Nobody could have stopped a fire like that,}" {s:D=Russell Mears|Mears} added. A royal commission will begin hearings in {d:2009-04|April}, officials said.
''')

D("wwq-018", "2016-06-27", "Two Birminghams, two reactions to the Brexit vote", '''
In {p:Birmingham;GBR;England|Birmingham}, {p:England;GBR;England|England}, where voters narrowly backed leaving the European Union in {d:@past|Thursday}'s referendum, market traders said on {d:@past|Monday} they hoped for fewer rules and more customers.

"{q:A|We were told the sky would fall in. It hasn't. Give it time,}" said {s:A|Gary Holt}, who sells fruit in the Bull Ring market.

Four thousand miles away in {p:Birmingham;USA;Alabama|Birmingham}, {p:Alabama;USA;Alabama|Alabama}, the mood at a British-owned car parts maker was more anxious. Its plant manager, {s:B|Denise Crawford}, said the firm had shipped about 40 per cent of its output to {p:Germany;DEU|Germany} and {p:France;FRA|France} {d:@lastyear|last year}. "{q:C|If the pound keeps falling, the people in {p:;GBR;England|London} will have some hard decisions to make,}" {s:C=Denise Crawford|she} said.
''')

D("wwq-019", "2017-04-21", "Ontario's London woos British firms", '''
The mayor of {p:London;CAN;Ontario|London}, {p:Ontario;CAN;Ontario|Ontario}, will lead a trade mission to {p:London;GBR;England|London} {d:@nextmonth|next month} in the hope of attracting British manufacturers worried about their access to European markets.

"{q:A|We have the same name, the same river and the same queen. Now we'd like some of the same jobs,}" Mayor {s:A|Paul Lindqvist} told reporters on {d:@past|Thursday}.

The delegation will also visit {p:Manchester;GBR;England|Manchester} and {p:Leeds;GBR;England|Leeds}. Lindqvist said the city of 380,000, about two hours' drive from {p:Toronto;CAN;Ontario|Toronto}, had won three British investments since {d:2015|2015}. {s:B|A spokeswoman for the Department for International Trade} in {p:London;GBR;England|London} said officials would "{q:B|be glad to meet the delegation}".
''')

D("wwq-020", "", "Tripoli calm after army deploys", '''
{p:Tripoli;LBN;North Governorate|TRIPOLI}, {p:Lebanon;LBN|Lebanon}, {d:2015-06-03|June 3, 2015} (dyad) - The Lebanese army deployed tanks in the northern city on {d:@past|Wednesday} after two nights of clashes between gunmen, and shops reopened for the first time since {d:@past|Sunday}.

"{q:A|The army must stay this time, not leave after a week like before,}" said {s:A|Rania Dandashi}, who runs a pharmacy near the old souk. "{q:A|We are tired of being the stage for someone else's war.}"

An army statement said 14 people had been arrested and weapons seized. The city's mayor, {s:B|Ahmad Kabbara}, said he would travel to {p:Beirut;LBN;Beirut|Beirut} {d:@tomorrow|tomorrow} to ask the government for money to repair damaged buildings. {p:Lebanon;LBN|Lebanon}'s second city has seen repeated fighting linked to the war in {p:Syria;SYR|Syria} since {d:2012|2012}.
''', doc_date="2015-06-03")

D("wwq-021", "", "Rebels enter Goma as UN troops look on", '''
{p:Goma;COD;North Kivu|GOMA}, {p:Democratic Republic of Congo;COD|Democratic Republic of Congo}, {d:2012-11-20|Nov. 20, 2012} (dyad) - Rebel fighters walked into the centre of {p:Goma;COD;North Kivu|Goma} on {d:@past|Tuesday} after government troops fled, taking control of the main city in the mineral-rich east of the country.

United Nations peacekeepers did not intervene. "{q:A|Our mandate is to protect civilians, and we cannot replace the national army,}" {s:A|a UN spokesman} in {p:New York;USA;New York|New York} said.

Rebel spokesman {s:B|Amani Bisimwa} told a crowd at the stadium: "{q:B|We have come to liberate you. Next we will go to {p:Bukavu;COD;South Kivu|Bukavu}, then to {p:Kinshasa;COD;Kinshasa|Kinshasa}.}"

Thousands of people have fled towards the border with {p:Rwanda;RWA|Rwanda} since the rebels began their advance {d:@lastweek|last week}. President {s:C|Joseph Mutombo} said in {p:Kinshasa;COD;Kinshasa|Kinshasa} he would not negotiate "{q:C|with puppets}".
''', doc_date="2012-11-20")

D("wwq-022", "2015-01-08", "Survivors describe attack on Nigerian fishing town", '''
Survivors of an attack on the fishing town of {p:Baga;NGA;Borno|Baga} in north-eastern {p:Nigeria;NGA|Nigeria} said on {d:@past|Thursday} that gunmen had burned most of the town and shot people as they fled towards Lake Chad.

The militants first overran a military base near {p:Baga;NGA;Borno|Baga} on {d:2015-01-03|January 3}, a week after an earlier raid on {d:2014-12-28|December 28} was repelled, according to a local official, {s:A|Musa Bukar}. "{q:A|There is nobody left to bury the dead,}" Bukar told dyad in {p:Maiduguri;NGA;Borno|Maiduguri}, the capital of {p:Borno;NGA;Borno|Borno} state.

The defence ministry said troops were regrouping. "{q:B|The situation is being brought under control,}" {s:B=the defence ministry|the ministry} said in a statement. {m:Nigeria;NGA|Nigeria} holds a presidential election on {d:2015-02-14|Feb. 14}.
''')

D("wwq-023", "2014-03-20", "War crimes trial opens in The Hague", '''
The trial of a former militia commander accused of ordering the killing of 200 villagers in {p:Ituri;COD;Ituri|Ituri} opened at the International Criminal Court in {p:The Hague;NLD;South Holland|The Hague} on {d:@past|Wednesday}, more than a decade after the massacre.

The prosecution said the attack began at dawn on {d:2003-02-24|24 February 2003} in the village of {p:Bogoro;COD;Ituri|Bogoro}. Defence lawyers had asked on {d:2014-03-03|3 March 2014} for the trial to be postponed, but the judges rejected the request on {d:2014-03-10|March 10}.

"{q:A|My client was hundreds of kilometres away in {p:Bunia;COD;Ituri|Bunia} at the time,}" defence lawyer {s:A|Marc Delvaux} told the court. "{q:A|The prosecution has built its case on rumours.}"

A verdict is not expected before {d:2015|2015}.
''')

D("wwq-024", "2019-12-16", "Sydney choked by bushfire smoke", '''
Smoke from bushfires burning across {p:New South Wales;AUS;New South Wales|New South Wales} pushed air pollution in {p:Sydney;AUS;New South Wales|Sydney} to eleven times the hazardous level on {d:@past|Sunday}, and ferries were cancelled because captains could not see the harbour.

Asthma nurse {s:A|Sydney Okonkwo}, who works at a hospital in the city's west, said emergency admissions for breathing problems had doubled since {d:2019-12-01|Dec. 1}. ‘{q:D|We’re seeing children who’ve never had an attack before,}’ {s:D=Sydney Okonkwo|she} said.

The state’s emergency services minister, {s:B|Claire Whitby}, said more than 100 fires were still burning and conditions would worsen on {d:@fut|Thursday}, when temperatures above 40 degrees are forecast. ‘{q:C|This is not a normal summer and no one should pretend it is,}’ {s:C=Claire Whitby|the minister} told reporters in {p:Newcastle;AUS;New South Wales|Newcastle}.
''')

D("wwq-025", "2022-08-31", "Floods cut Hyderabad off from Karachi", '''
Floodwater cut the main highway between {p:Hyderabad;PAK;Sindh|Hyderabad} and {p:Karachi;PAK;Sindh|Karachi} on {d:@past|Tuesday}, leaving thousands of lorries stranded, officials in {p:Sindh;PAK;Sindh|Sindh} province said.

"{q:A|The water is still rising in {p:Dadu;PAK;Sindh|Dadu}, and we expect the worst in the next 48 hours,}" the province's irrigation minister, {s:A|Nasir Abbas Memon}, told reporters in {p:Hyderabad;PAK;Sindh|Hyderabad}.

Monsoon rains since {d:2022-06|June} have killed more than 1,100 people across {p:Pakistan;PAK|Pakistan}. The United Nations launched an appeal for $160 million {d:@yesterday|yesterday}, and the first relief flights landed in {p:Karachi;PAK;Sindh|Karachi} {d:@today|today}, the foreign ministry said.
''')

D("wwq-026", "2016-10-03", "Soldiers killed in ambush in Sinaloa", '''
Five soldiers were killed and ten wounded when gunmen ambushed a military convoy carrying a wounded prisoner to hospital in {p:Culiacán;MEX;Sinaloa|Culiacán}, capital of the northern state of {p:Sinaloa;MEX;Sinaloa|Sinaloa}, on {d:@past|Friday}, officials said.

“{q:A|This was a planned attack, with more than 20 gunmen and high-calibre weapons,}” Defence Minister {s:A|Salvador Ortega} said at a news conference in {p:Mexico City;MEX;Mexico City|Mexico City} on {d:@past|Sunday}, “{q:A|and it will not go unpunished.}”

The attackers used grenades and set fire to a lorry, according to the state prosecutor’s office. “{q:B|They knew the route, the time and the number of vehicles,}” according to a statement from {s:B=the state prosecutor’s office|the office}, which said four suspects had been detained.

Local media reported that the ambush was revenge for the arrest {d:@lastmonth|last month} of a cartel figure known as “El Gordo”. The so-called “war on drugs” has cost more than 100,000 lives since {d:2006|2006}.
''')

D("wwq-027", "2014-10-10", "Ebola cases double in Sierra Leone", '''
The number of Ebola cases in {p:Sierra Leone;SLE|Sierra Leone} has doubled in a month, the World Health Organization said on {d:@past|Friday}, warning that the outbreak in West Africa was still outpacing the response.

In a report titled "Ebola Response Roadmap: Situation Report", the agency said 2,950 cases had been recorded in the country since {d:2014-05|May}, most of them in {p:Freetown;SLE;Western Area|Freetown} and the districts of {p:Port Loko;SLE;Northern Province|Port Loko} and {p:Kenema;SLE;Eastern Province|Kenema}.

"{q:A|We are still not ahead of this virus, not in {p:Sierra Leone;SLE|Sierra Leone}, not in {p:Liberia;LBR|Liberia}, not in {p:Guinea;GIN|Guinea},}" said Dr. {s:A|Hélène Marchetti}, who leads the agency's team in {p:Freetown;SLE;Western Area|Freetown}. She said 70 new treatment beds would open {d:@nextweek|next week}.

European health ministers will meet in {p:Brussels;BEL;Brussels-Capital Region|Brussels} on {d:@fut|Thursday} to discuss screening at airports, the European Commission said.
''')

D("wwq-028", "2012-10-02", "Georgian opposition claims victory", '''
{m:Georgia;GEO|Georgia}'s opposition coalition claimed victory in {d:@past|Monday}'s parliamentary election, and thousands of its supporters celebrated through the night in central {p:Tbilisi;GEO;Tbilisi|Tbilisi} and in the Black Sea port of {p:Batumi;GEO;Adjara|Batumi}.

"{q:A|The people have spoken, and they have spoken clearly,}" coalition leader {s:A|Levan Gelashvili} told supporters. "{q:A|From now on, {m:Georgia;GEO|Georgia} belongs to all of its citizens.}"

{s:B|Georgia Whitfield}, a British member of the international observer mission, said the vote had been "{q:B|competitive and largely calm}", although she noted tension in some districts of the {p:Kvemo Kartli;GEO;Kvemo Kartli|Kvemo Kartli} region. The mission will present its findings in {p:Tbilisi;GEO;Tbilisi|Tbilisi} on {d:@fut|Wednesday}.

The president said in a televised address that he accepted the result.
''')

D("wwq-029", "2010-07-23", "Flood-hit farmers in Pakistan's north-west plead for help", '''
Farmers in the {p:Swat;PAK;Khyber Pakhtunkhwa|Swat} valley of north-western {p:Pakistan;PAK|Pakistan} said on {d:@past|Friday} they had lost their entire maize crop to flash floods that swept through the area {d:@thisweek|this week}.

Village elder Sher Afzal Khan said the water rose within minutes on {d:@past|Wednesday night}. "{q:B|We were sitting down to eat when we heard the river. By the time we reached the hill, the house was gone, the animals were gone, everything was gone.}

"{q:B|The army came with helicopters. But nobody has come since, and the road to {p:Mingora;PAK;Khyber Pakhtunkhwa|Mingora} is still closed,}" {s:B=Sher Afzal Khan|he} said.

Provincial officials in {p:Peshawar;PAK;Khyber Pakhtunkhwa|Peshawar} said at least 40 people had died in the province and more rain was forecast.
''')

D("wwq-030", "2018-05-10", "Former minister convicted in Malaysian graft case", '''
A court in {p:Kuala Lumpur;MYS;Kuala Lumpur|Kuala Lumpur} sentenced former transport minister {s:A|Azman Rahim} to six years in prison on {d:@past|Wednesday} for taking bribes from a construction company between {d:2009|2009} and {d:2012|2012}.

Azman, 61, was arrested in {d:2016-11|November 2016} at his home in {p:Penang;MYS;Penang|Penang}. He denied the charges throughout the trial. "{q:B|I have served this country for thirty years and I will clear my name,}" {s:B=Azman Rahim|he} told reporters outside the court, adding that he would appeal.

Prosecutor {s:C|Farah Idris} said the verdict sent "{q:C|a clear message}". She told the court {d:@lastmonth|last month} that the bribes had been paid into bank accounts in {p:Singapore;SGP|Singapore} and {p:Hong Kong;HKG|Hong Kong}.
''')

D("wwq-031", "2017-10-16", "Mogadishu mourns after deadliest bombing", '''
Thousands of people gathered in {p:Mogadishu;SOM;Banaadir|Mogadishu} on {d:@past|Monday} to mourn the victims of {d:@past|Saturday}'s truck bombing, which killed at least 270 people at a busy junction in the city centre.

“{q:A|My brother called me and said, ‘There is fire everywhere, I cannot find the door.’ Then the line went dead,}” {s:A|Hodan Abdi}, 34, told dyad at a hospital where she was searching for him.

President {s:B|Abdirahman Farah} declared three days of national mourning and called the bombers “{q:B|enemies of every Somali}”. {m:Kenya;KEN|Kenya} and {m:Turkey;TUR|Turkey} flew doctors and medical supplies into the city {d:@yesterday|yesterday}, and some of the wounded were taken to {p:Nairobi;KEN;Nairobi|Nairobi} and {p:Ankara;TUR;Ankara|Ankara} for treatment.
''')

D("wwq-032", "2016-10-24", "Iraqi forces close in on Mosul", '''
Iraqi troops and Kurdish fighters took control of several villages east of {p:Mosul;IRQ;Nineveh|Mosul} on {d:@past|Sunday} and {d:@past|Monday}, moving to within eight kilometres of the city, military officers said.

The offensive to retake the northern city of {p:Mosul;IRQ;Nineveh|Mosul}, the last big stronghold of the militants in {p:Iraq;IRQ|Iraq}, began on {d:2016-10-17|October 17}. The militants captured it in {d:2014-06|June 2014}.

Brigadier General Haider al-Saadi said the army was advancing slowly to protect civilians. “{q:B|They are using families as human shields,}” {s:B=Haider al-Saadi|he} said. Aid agencies in {p:Erbil;IRQ;Erbil|Erbil} said about 5,000 people had fled to camps in {p:Nineveh;IRQ;Nineveh|Nineveh} province since {d:@past|Thursday}.

The government in {p:Baghdad;IRQ;Baghdad|Baghdad} said it expected the battle to last weeks, not days.
''')

D("wwq-033", "2014-01-13", "Bangkok protesters begin 'shutdown' of capital", '''
Tens of thousands of anti-government protesters blocked seven major road junctions in {p:Bangkok;THA;Bangkok|Bangkok} on {d:@past|Monday}, launching what their leaders called a "shutdown" of the capital ahead of a general election on {d:2014-02-02|Feb. 2}.

Protest leader {s:A|Somchai Prasert} told supporters at one of the sites that the occupation would continue "{q:A|until the government falls}". He said protesters from {p:Chiang Mai;THA;Chiang Mai|Chiang Mai} and the south had arrived by bus on {d:@past|Sunday}.

Most offices and schools in the city were closed. "{q:B|I support them, but I also have to feed my family,}" said {s:B|Nok Wongsa}, a taxi driver waiting for customers near Victory Monument.

The prime minister, who has refused to resign, said she would meet election officials on {d:@fut|Wednesday}.
''')

D("wwq-034", "2017-09-08", "Rohingya exodus to Bangladesh passes 270,000", '''
About 270,000 Rohingya Muslims have fled {p:Myanmar;MMR|Myanmar}'s {p:Rakhine;MMR;Rakhine|Rakhine} state for {p:Bangladesh;BGD|Bangladesh} since violence erupted on {d:2017-08-25|Aug. 25}, the U.N. refugee agency said on {d:@past|Friday}.

Most are crowding into makeshift camps near {p:Cox's Bazar;BGD;Chittagong|Cox's Bazar}, where aid workers say food and clean water are running short. "{q:A|The numbers are rising so fast that we keep having to revise our plans,}" a spokeswoman for the agency, {s:A|Vivian Tanaka}, told reporters in {p:Geneva;CHE;Geneva|Geneva}.

Mohammad Rafiq, 40, said he walked for six days from his village near {p:Maungdaw;MMR;Rakhine|Maungdaw} with his wife and five children. "{q:D|They burned the houses one by one. We crossed the river at night,}" {s:D=Mohammad Rafiq|he} said.

{s:C|Government officials} in {p:Naypyitaw;MMR;Naypyitaw Union Territory|Naypyitaw} said security forces were fighting "{q:C|extremist terrorists}" and denied targeting civilians.
''')

D("wwq-035", "2016-08-25", "Colombia and FARC reach final peace deal", '''
Negotiators for the Colombian government and the FARC rebels announced a final peace agreement in {p:Havana;CUB;La Habana|Havana} on {d:@past|Wednesday}, ending almost four years of talks and a war that began in {d:1964|1964}.

President Andrés Castaño said in a televised address from {p:Bogotá;COL;Bogotá D.C.|Bogotá} that Colombians would vote on the deal in a referendum on {d:2016-10-02|Oct. 2}. "{q:C|This is the beginning of the end of the suffering, the pain and the tragedy of war,}" {s:C=Andrés Castaño|he} said.

Rebel commander {s:B|Iván Restrepo} told reporters in the Cuban capital: "{q:B|We have won the most beautiful of all battles, the battle for peace.}"

The deal will be formally signed in {p:Cartagena;COL;Bolívar|Cartagena} {d:@nextmonth|next month}, officials said. About 7,000 fighters are expected to gather in 23 zones across the country, including in {p:Cauca;COL;Cauca|Cauca} and {p:Antioquia;COL;Antioquia|Antioquia}, and hand over their weapons to United Nations monitors.
''')

D("wwq-036", "2018-03-19", "São Paulo teachers strike over pensions", '''
Teachers in {p:São Paulo;BRA;São Paulo|São Paulo} walked off the job on {d:@past|Friday} to protest a pension reform approved by the city council, and union leaders said the strike would continue {d:@thisweek|this week}.

“{q:A|They are asking us to pay more and retire later for the same miserable pension,}” said {s:A|Conceição Ribeiro}, a history teacher for 22 years. “{q:A|We are not going back until they listen.}”

Mayor {s:B|Fábio Lacerda} said the reform was needed to close a deficit of 5 billion reais and accused the union of “{q:B|holding children hostage}”. Similar protests were held {d:@lastmonth|last month} in {p:Rio de Janeiro;BRA;Rio de Janeiro|Rio de Janeiro} and {p:Belo Horizonte;BRA;Minas Gerais|Belo Horizonte}.
''')

D("wwq-037", "2017-05-29", "Philippine troops battle militants in Marawi", '''
Philippine troops backed by helicopter gunships fought for a seventh day on {d:@past|Monday} to drive Islamist militants out of {p:Marawi;PHL;Lanao del Sur|Marawi}, a mostly Muslim city of 200,000 on the southern island of {p:Mindanao;PHL|Mindanao}.

The army said 61 militants, 20 soldiers and 19 civilians had been killed since the fighting began on {d:2017-05-23|May 23}. Thousands of residents have fled to {p:Iligan;PHL;Lanao del Norte|Iligan}, about 35 km to the north.

Military spokesman {s:A|Restituto Arceo} said troops were clearing the city "{q:A|house by house}". Asked when the operation would end, {s:B=Restituto Arceo|he} said: "{q:B|We are hoping in the next few days, but we will not rush and put civilians in danger.}"

President {s:C|Ramon Villanueva}, who declared martial law across {p:Mindanao;PHL|Mindanao} on {d:@past|Tuesday}, will visit troops in the area {d:@thisweek|this week}, his office said in {p:Manila;PHL;Metro Manila|Manila}.
''')

D("wwq-038", "2013-12-20", "South Sudan fighting spreads to Jonglei", '''
Fighting between rival factions of {m:South Sudan;SSD|South Sudan}'s army spread to the town of {p:Bor;SSD;Jonglei|Bor}, capital of {p:Jonglei;SSD;Jonglei|Jonglei} state, on {d:@past|Wednesday}, and gunmen attacked a United Nations base at {p:Akobo;SSD;Jonglei|Akobo} {d:@yesterday|yesterday}, killing two Indian peacekeepers.

The violence began in the capital, {p:Juba;SSD;Central Equatoria|Juba}, on {d:@past|Sunday night}. According to the United Nations, at least 500 people have been killed.

“{q:A|We are extremely concerned that this is turning into an ethnic conflict,}” the U.N. envoy, {s:A|Hilde Strand}, told reporters in {p:Juba;SSD;Central Equatoria|Juba}. She said more than 20,000 people were sheltering in U.N. compounds.

Mediators from {m:Ethiopia;ETH|Ethiopia} and {m:Kenya;KEN|Kenya} arrived {d:@today|today} and will hold talks with both sides in {p:Addis Ababa;ETH;Addis Ababa|Addis Ababa} {d:@nextweek|next week}, the Ethiopian foreign ministry said.
''')

D("wwq-039", "2016-02-19", "Syria talks to resume in Geneva as aid reaches besieged towns", '''
Syrian government and opposition delegations will meet again in {p:Geneva;CHE;Geneva|Geneva} on {d:@fut|Thursday}, the United Nations envoy said, after the first aid convoys in months reached five besieged towns near {p:Damascus;SYR;Damascus|Damascus} on {d:@past|Wednesday}.

The convoys carried food and medicine to about 80,000 people in {p:Madaya;SYR;Rif Dimashq|Madaya}, {p:Moadamiyeh;SYR;Rif Dimashq|Moadamiyeh} and three other towns. "{q:A|This is a start, but a start is not enough,}" said the envoy, {s:A|Lars Eriksen}. "{q:A|People in {p:Deir ez-Zor;SYR;Deir ez-Zor|Deir ez-Zor} are still waiting.}"

Russian Foreign Minister {s:B|Sergei Volkov} said in {p:Moscow;RUS;Moscow|Moscow} that a ceasefire agreed in {p:Munich;DEU;Bavaria|Munich} {d:@lastweek|last week} could take effect "{q:B|within days}" but that air strikes on groups it considers terrorists would continue. "{q:C|Nobody should expect us to stop fighting terrorists,}" {s:C=Sergei Volkov|the minister} added.

{m:Washington;USA;District of Columbia|Washington} accused {m:Moscow;RUS;Moscow|Moscow} of using the talks as cover for an offensive around {p:Aleppo;SYR;Aleppo|Aleppo}.
''')

D("wwq-040", "2015-11-18", "Storm knocks out power in Washington state", '''
A powerful windstorm knocked out electricity to more than 700,000 homes and businesses in {p:Washington;USA;Washington|Washington} state on {d:@past|Tuesday}, and at least three people were killed by falling trees, officials said.

In {p:Spokane;USA;Washington|Spokane}, gusts reached 114 km an hour. "{q:A|Some people could be without power until {d:@fut|Friday},}" said {s:A|Dale Kessler}, a spokesman for the local utility. {p:Seattle;USA;Washington|Seattle} and {p:Tacoma;USA;Washington|Tacoma} were also badly hit.

Governor {s:B|Maria Lindgren} declared a state of emergency and said she had asked officials in {p:Washington;USA;District of Columbia|Washington}, {p:District of Columbia;USA;District of Columbia|D.C.}, for federal help. "{q:C|We have been through storms before, but not one this wide,}" {s:C=Maria Lindgren|she} told reporters in {p:Olympia;USA;Washington|Olympia}.
''')

D("wwq-041", "2015-05-04", "Nepal earthquake survivors still waiting for aid in Gorkha", '''
Nine days after the earthquake, villagers in the mountains of {p:Gorkha;NPL;Gandaki|Gorkha} district said on {d:@past|Monday} that they had received only a few sacks of rice, while aid piled up at the airport in {p:Kathmandu;NPL;Bagmati|Kathmandu}.

The magnitude 7.8 quake struck on {d:2015-04-25|25 April 2015} with its epicentre near {p:Barpak;NPL;Gandaki|Barpak}, where almost every house collapsed. More than 7,200 people were killed across {p:Nepal;NPL|Nepal} and dozens more in {p:India;IND|India} and {p:China;CHN|China}.

"{q:A|The helicopters fly over us every day and go somewhere else,}" said {s:A|Bishnu Gurung}, 45, standing beside the ruins of his house. "{q:A|We have been sleeping under plastic since {d:2015-04-25|that Saturday}.}"

Officials said {d:@yesterday|yesterday} that relief would be sent by road once landslides were cleared. The government asked foreign rescue teams to leave and said it would hold a donors' conference {d:@nextmonth|next month}.
''')

D("wwq-042", "2015-03-27", "Saudi-led coalition strikes rebels in Yemen", '''
Warplanes from a Saudi-led coalition bombed rebel positions in {p:Sanaa;YEM;Amanat al-Asimah|Sanaa} for a second night on {d:@past|Thursday}, and the exiled president arrived in {p:Riyadh;SAU;Riyadh|Riyadh} after fleeing the southern port city of {p:Aden;YEM;Aden|Aden}.

Residents said the strikes hit the airport and an air base near the capital. "{q:A|The whole house shook. The children have not slept,}" {s:A|Abdullah al-Hamdani}, a shopkeeper, said by telephone.

{s:B|{m:Saudi Arabia;SAU|Saudi Arabia}} said the operation would continue "{q:B|until its goals are achieved}". The rebels, who seized {p:Sanaa;YEM;Amanat al-Asimah|Sanaa} in {d:2014-09|September}, had advanced on {p:Aden;YEM;Aden|Aden} {d:@thismonth|earlier this month}. {s:C|{m:Iran;IRN|Iran}}, which backs the rebels, called the strikes "{q:C|a dangerous step}".
''')

D("wwq-043", "2016-03-14", "Car bomb kills 37 in central Ankara", '''
A car bomb exploded near a crowded bus stop in central {p:Ankara;TUR;Ankara|Ankara} on {d:@past|Sunday evening}, killing 37 people and wounding more than 120, the health minister said, less than a month after another bombing in the capital.

“{q:A|We will not give in to terror,}” Prime Minister {s:A|Kemal Aydın} said after an emergency meeting {d:@yesterday|last night}. “{q:A|Those responsible will be found and punished.}”

Officials said evidence pointed to a militant group based in the south-east, where clashes have continued in {p:Diyarbakır;TUR;Diyarbakır|Diyarbakır} and {p:Cizre;TUR;Şırnak|Cizre} since {d:2015-07|July last year}. The governor’s office in {p:Istanbul;TUR;Istanbul|Istanbul} said it had banned all public gatherings until {d:@fut|Friday}.
''')

D("wwq-044", "2014-04-08", "Ukraine retakes Kharkiv building; Moscow warns Kyiv", '''
Ukrainian special forces cleared pro-Russian protesters out of the regional government building in {p:Kharkiv;UKR;Kharkiv Oblast|Kharkiv} early on {d:@past|Tuesday} and detained about 70 people, Interior Minister Andriy Kovalenko said.

“{q:C|The operation is over. Nobody was killed, and not a single shot was fired by our side,}” {s:C=Andriy Kovalenko|Kovalenko} wrote on Facebook. {s:D=Andriy Kovalenko|He} said the protesters had included “{q:D|professional provocateurs}” who had arrived from {p:Russia;RUS|Russia} {d:@lastweek|last week}.

In {p:Donetsk;UKR;Donetsk Oblast|Donetsk} and {p:Luhansk;UKR;Luhansk Oblast|Luhansk}, protesters still held government buildings. {m:Moscow;RUS;Moscow|Moscow} warned {m:Kyiv;UKR;Kyiv|Kyiv} that the use of force could lead to civil war. “{q:B|We are watching very closely,}” {s:B|the Russian foreign ministry} said in a statement, adding that {m:Russia;RUS|Russia} would defend “{q:B|the interests of our compatriots}”.

The crisis began after the president fled {p:Kyiv;UKR;Kyiv|Kyiv} on {d:2014-02-22|Feb. 22}.
''')

D("wwq-045", "2010-01-15", "Haiti quake: survivors wait for help in Port-au-Prince", '''
Survivors of {d:@past|Tuesday}'s earthquake in {p:Haiti;HTI|Haiti} dug through rubble with their hands on {d:@past|Friday} as aid began to arrive at the crowded airport in {p:Port-au-Prince;HTI;Ouest|Port-au-Prince}.

"{q:A|We have had no water since {d:@past|Tuesday}. People are drinking from the gutters,}" said {s:A|Jean-Robert Pierre}, who was sleeping in a park with his family.

Trucks of food and water set out from {p:Santo Domingo;DOM;Distrito Nacional|Santo Domingo}, the capital of the neighbouring {p:Dominican Republic;DOM|Dominican Republic}, {d:@yesterday|yesterday}. The Brazilian commander of the U.N. force said troops had reached {p:Léogâne;HTI;Ouest|Léogâne}, near the epicentre, {d:@today|today}.

Marie Lafortune, a nurse from {p:Jacmel;HTI;Sud-Est|Jacmel}, said her hospital had run out of painkillers. "{q:C|I have worked here since {d:1998|1998}. I have never been this afraid,}" {s:C=Marie Lafortune|she} said.
''')
