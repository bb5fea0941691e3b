"""The event lexicon: which words signal which event type, and which words change a modality.

Data, not logic: ``truce.ingest.events`` applies it (trigger patterns to the lower-cased text).
Each trigger has a strength — 2 for a verb that tells something happened ("shelled",
"withdrew"), 1 for a noun that may only name it ("the withdrawal", "a convoy") — and in one
clause the strongest wins. English first, with the commonest French and Arabic forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from truce.ingest.patterns import cued, literal_alternation


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    strength: int
    pattern: re.Pattern[str]
    #: Lower-case fragments, one of which a clause must contain for the pattern to be tried.
    fragments: tuple[str, ...]


def _t(event_type: str, strength: int, pattern: str, *, hints: str) -> Trigger:
    # Matched against the lower-cased text, without re.I: three times faster.
    return Trigger(event_type, strength, re.compile(pattern.lower()), tuple(hints.split()))


_FIGHTERS = (
    r"(?:mercenar(?:y|ies)|foreign\s+fighters|foreign\s+forces|fighters|contractors|Wagners?|"
    r"Syrians|militiamen|recruits|mercenaires|combattants|مرتزقة|المرتزقة)"
)

TRIGGERS: tuple[Trigger, ...] = (
    _t(
        "accusation",
        2,
        r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing)|charged\s+that|alleged\s+that|accus(?:e|ent|ait|aient|ant|é|ée|és|ées)|imput(?:e|é|ent)\s+à|اتهم|اتهمت)\b",
        hints="accus blam charged alleged imput اتهم",
    ),
    _t(
        "monitoring_activity",
        2,
        r"\b(?:(?:define|defining|mark|marking|demarcate|verify|check|inspect)\s+(?:the\s+)?(?:\w+\s+){0,2}withdrawal\s+points|joint\s+delegation|patrol(?:s|led|ling)?|inspect(?:ed|s|ion|ions)|monitor(?:ed|ing|s)?\s+(?:the\s+)?(?:ceasefire|truce|withdrawal)|fact-finding|field\s+visit|monitoring\s+mission|(?:boarded|searched)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:ship|vessel|freighter|tanker)|observers?\s+(?:visited|toured|deployed)|patrouille|inspection|مراقبة|دورية|دوريات)\b",
        hints=(
            "boarded searched "
            "withdrawal delegation patrol inspect monitor fact-finding field visit observer "
            "patrouille inspection مراقب دوري"
        ),
    ),
    _t(
        "mechanism_established",
        2,
        r"\b(?:(?:set\s+up|setting\s+up|establish(?:ed|ing)?|creat(?:e|ed|ing)|form(?:ed|ing)?|launch(?:ed)?)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,3}(?:commission|committee|sub-committee|subcommittee|chamber|hotline|mechanism|operations\s+room|working\s+group)|(?:commission|committee|sub-committee|subcommittee|chamber|hotline|mechanism|operations\s+room)\s+(?:\w+\s+){0,3}(?:will|must|would|is\s+to|are\s+to|to)\s+(?:also\s+)?be\s+(?:formed|set\s+up|established|created)|(?:commission|comité|chambre)\s+(?:\w+\s+){0,3}(?:sera|doit\s+être)\s+(?:créée?|formée?|mise?\s+en\s+place)|تشكيل\s+لجنة|إنشاء)\b",
        hints=(
            "commission committee chamber hotline mechanism operations room working group "
            "comité chambre commission لجنة إنشاء"
        ),
    ),
    _t(
        "agreement",
        2,
        r"\b(?:signed|sign|signing)\s+(?:\w+\s+){0,4}(?:agreement|ceasefire|deal|accord|memorandum|truce)|\bagreed\s+(?:(?:in|at|on|with)\s+[\w-]+\s+)?(?:to|on|that|a)\b|\breached\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:agreement|deal|accord|ceasefire|understanding)|\bstruck\s+a\s+deal|\bconcluded\s+(?:an?\s+)?(?:\w+\s+)?(?:agreement|deal)|\b(?:announced|declared)\s+(?:on\s+\w+\s+)?(?:a|an)\s+(?:\w+\s+)?(?:ceasefire|truce)|\bsign(?:é|ée|és|er|ent|eront|ait|aient|ant)\s+(?:[\w'’-]+\s+){0,4}(?:accord|cessez-le-feu|trêve|mémorandum|protocole)|\bse\s+sont\s+mis\s+d['’]accord|\b(?:sont|ont|avoir|être)\s+(?:\w+\s+)?convenus?\b|\bparvenus?\s+à\s+un\s+accord|\bconclu\s+un\s+accord|\bse\s+sont\s+entendus\s+sur|\bوقع(?:ت|وا)?\s+(?:على\s+)?اتفا|\bاتفق(?:ت|وا)?\b",
        hints=(
            "sign agreed reached struck concluded announced declared signé accord convenu entendus "
            "وقع اتفق"
        ),
    ),
    _t(
        "air_or_drone_strike",
        2,
        r"\b(?:air\s*strikes?|airstrikes?|drone\s+strikes?|air\s+raids?|(?:drones?|warplanes?|jets|aircraft|planes|air\s+force)\s+(?:\w+\s+){0,2}(?:struck|hit|bombed|targeted|attacked|pounded)|struck|bombed|raid\s+(?:on|hit)|(?:striking|bombing|targeting)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}(?:homes?|houses?|convoys?|positions?|bases?|airports?|vehicles?|civilians?|neighbourhoods?|hospitals?|schools?|markets?|gatherings?|targets?)|frappes?\s+aériennes?|frappes?\s+de\s+drones?|raids?\s+aériens?|bombardements?\s+aériens?|(?:drones?|avions?|aviation|chasseurs|appareils)\s+(?:[\w'’-]+\s+){0,3}(?:ont|a|avaient|avait)\s+(?:frappé|bombardé|visé|ciblé)|غارة|غارات)\b",
        hints=(
            "strike striking raid struck bomb hit attack target pound frappe aérien frappé visé "
            "ciblé غارة"
        ),
    ),
    _t(
        "shelling",
        2,
        r"\b(?:shell(?:ed|ing|s)|artillery\s+(?:fire|strikes?|barrage)|mortar\s+(?:fire|rounds?|shells?|attack)|(?:fired|firing|launched|launching)\s+(?:\w+\s+){0,2}(?:rockets?|missiles?|mortars?)|rockets?\s+(?:\w+\s+){0,2}(?:hit|landed|struck|fell)|rocket\s+attacks?|(?:rockets?|missiles?|mortars?|shells|grad)\s+(?:were|was|had\s+been|have\s+been)\s+(?:fired|launched)|bombard(?:ed|ment)|bombard(?:é|ée|és|ées|er|ent|ait|aient|ement|ements)|pilonn(?:é|ée|és|er|ent|ait|aient|age)|obus|tirs?\s+d['’]artillerie|tirs?\s+de\s+(?:roquettes|mortiers?|missiles)|tir(?:é|er|ent|ait|aient)\s+(?:des|plusieurs|une|un|\d+)\s+(?:\w+\s+)?(?:roquettes|obus|missiles|mortiers?)|قصف\s+مدفعي|قذائف)\b",
        hints="shell artillery mortar rocket roquette missile bombard pilonn obus tirs قصف قذائف",
    ),
    _t(
        "remote_explosive",
        2,
        r"\b(?:(?:land)?mines?\s+(?:exploded|blast|explosion|killed|wounded)|IEDs?|improvised\s+explosive|car\s+bomb(?:ing)?|roadside\s+bomb|explosive\s+device|exploded|explosion|detonated|blast\s+(?:killed|wounded|hit)|engin\s+explosif|انفجار|عبوة\s+ناسفة|لغم)\b",
        hints="mine ied explosive bomb explo detonat blast engin انفجار عبوة لغم",
    ),
    _t(
        "attack_on_civilians",
        2,
        r"\b(?:opened\s+fire\s+on\s+(?:the\s+)?(?:crowd|protesters|demonstrators|civilians|residents|worshippers)|fired\s+(?:live\s+(?:ammunition|rounds)\s+)?(?:on|at)\s+(?:the\s+)?(?:crowd|protesters|demonstrators|civilians)|killed\s+(?:\w+\s+){0,2}civilians|massacre[ds]?|abduct(?:ed|ion)|kidnapp(?:ed|ing)|tiré\s+sur\s+la\s+foule|أطلق(?:ت|وا)?\s+النار\s+على)\b",
        hints="fire massacre civilian abduct kidnap foule النار",
    ),
    _t(
        "armed_clash",
        2,
        r"\b(?:clash(?:ed|es)?|(?:forces|troops|fighters|militias?|army|units|soldiers|brigades?|gunmen)\s+(?:[\w'’-]+\s+){0,3}?(?:attacked|assaulted|besieged)|(?:launched|began|started)\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:[\w-]+\s+)?(?:offensive|assault|attack)\s+(?:on|against)|(?:heavy|fierce|intense|renewed)\s+fighting|fighting\s+(?:erupted|broke\s+out|flared|raged|continued)|fought|battled|repelled\s+(?:[\w-]+\s+){0,4}?(?:an?\s+)?(?:attack|attempt|offensive|assault|advance)|(?:captured|seized|recaptured|retook|stormed|(?<!are\s)(?<!be\s)(?<!is\s)liberated)(?!\s+(?:[\w-]+\s+){0,4}?(?:systems?|weapons|arms|ammunition|vehicles|tanks|drones?|equipment|missiles|documents|cargo|shipments?|trucks)\b)|took\s+control\s+of|(?:drove|driven|pushed|forced|chased)\s+(?:[\w'’-]+\s+){0,4}?out\s+of|expelled|firefights?|skirmish(?:es)?|affrontements?|(?:exchanged|traded)\s+(?:heavy\s+)?(?:fire|gunfire)|exchanges?\s+of\s+fire|gun\s*(?:battles?|fights?)|se\s+sont\s+affront(?:é|ée)s?|ont\s+affronté|s['’]affront(?:ent|aient|eront)|combats?(?!\s+(?:aux\s+côtés|pour|avec|aircraft|jets?|planes?|drones?|helicopters?|vehicles?|troops|units|engineers|experience|readiness))|attaqu(?:é|ée|és|ées|ent|aient|ait)|(?:pris|repris)\s+le\s+contrôle|s['’](?:est|sont)\s+emparée?s?|اشتباكات|معارك)\b",
        hints=(
            "clash fighting fought battle repelled captured seized recaptured retook stormed drove "
            "attacked assaulted besieged offensive assault attack "
            "driven pushed forced chased expelled "
            "liberated control firefight skirmish affront combat fire gun attaqu emparé "
            "اشتباك معارك"
        ),
    ),
    _t("armed_clash", 1, r"\bfighting\b", hints="fighting"),
    _t(
        "withdrawal",
        2,
        r"\b(?:left\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:front(?:\s+lines?)?|positions?)|withdr[ae]w|withdrawn|withdraw|withdrawing|pull(?:ed|ing|s)?\s+(?:\w+\s+){0,4}(?:back|out)|pulled\s+out|retreat(?:ed)?|se\s+(?:sont\s+)?retir(?:é|ée|és|ées|er)|se\s+retir(?:e|ent|era|eront|ait|aient)|s['’]est\s+retirée?|(?:se\s+sont\s+|s['’]est\s+|se\s+)repli(?:é|ée|és|er|ent|era|eront)|ont\s+quitté\s+(?:leurs?\s+)?(?:positions?|ligne)|انسحب(?:ت|وا)?)\b",
        hints="left withdr pull retreat retir repli quitté انسحب",
    ),
    _t(
        "withdrawal",
        1,
        r"\b(?:withdrawal|pull-?back|retrait|repli|انسحاب)\b(?!\s+(?:points?|lines?|plan|deadline|schedule|zone))",
        hints="withdrawal pull retrait repli انسحاب",
    ),
    _t(
        "arms_transfer",
        2,
        r"\b(?:supplied|supplies|supplying)\s+(?:\w+\s+){0,3}with|\b(?:delivered|delivering|shipped|shipping|sent|sending|flew|flown|flying|ferried|ferrying|smuggled|smuggling)\s+(?:\w+\s+){0,5}(?:arms|weapons|ammunition|equipment|drones|jets|aircraft|missiles|tanks|armoured\s+vehicles|air-defen[cs]e|supplies)|\b(?:arms|weapons|ammunition|equipment|drones|jets|aircraft|missiles|tanks|supplies)\s+(?:\w+\s+){0,3}(?:were|was|had\s+been|have\s+been)\s+(?:delivered|shipped|sent|flown|ferried|smuggled)|\bcargo\s+(?:planes?|flights?|aircraft)|\b(?:arms|weapons)\s+(?:shipments?|deliveries|consignments?)|\bdeliveries\s+of|\bjets\s+arrived|\b(?:flights?|planes?|aircraft|ships?|vessels?|convoys?)\b[^.;]{0,120}?\bcarrying\b[^.;]{0,60}?\b(?:arms|weapons|ammunition|equipment|armoured\s+vehicles|supplies|missiles|drones|air-defen[cs]e)|\blivr(?:é|aison)s?\s+d['’](?:armes|armement|équipements?|avions|munitions)|\blivr(?:é|ée|és|ées|er|ent|ait|aient|era|eront)\s+(?:[\w'’-]+\s+){0,4}(?:armes|munitions|matériel|équipements?|drones|avions|chasseurs|missiles|blindés|véhicules\s+blindés)|\b(?:cargaisons?|envois?|transferts?)\s+d['’](?:armes|armement|équipements?\s+militaires|munitions)|\benvoy(?:é|ée|és|er|ent|ait|aient)\s+(?:[\w'’-]+\s+){0,4}(?:armes|munitions|drones|avions\s+de\s+combat|chasseurs|missiles|blindés)|\bشحنات?\s+(?:أسلحة|سلاح)",
        hints=(
            "suppl deliver ship sent send flew flown flying ferri smuggl arms weapon cargo "
            "deliveries jets carrying livr cargaison envoi transfert envoy شحن"
        ),
    ),
    _t(
        "foreign_fighters",
        2,
        rf"\b(?:{_FIGHTERS}[^.;]{{0,90}}?\b(?:arrived|landed|flown\s+in(?:to)?|were\s+flown|brought\s+in|deployed|dug\s+in|stationed|remain(?:ed)?|present|must\s+leave|to\s+leave|will\s+leave|left|leave\s+Libya|fight(?:s|ing)?\s+(?:alongside|for)|ont\s+renforcé|sont\s+arrivés|ont\s+débarqué|(?:sont|restent|seraient)\s+(?:\w+\s+)?déployés|ont\s+quitté|(?:devront|doivent|vont)(?:,\s+\w+,)?\s+quitter|combat(?:tent)?\s+aux\s+côtés)|(?:reinforced|backed)\s+by\s+(?:\w+\s+){{0,4}}{_FIGHTERS}|(?:presence|arrival|departure|deployment|movement|transfer)\s+of\s+(?:\w+\s+){{0,2}}{_FIGHTERS}|(?:présence|arrivée|départ|déploiement|transfert)\s+(?:de|des|d['’])\s+(?:\w+\s+){{0,2}}(?:{_FIGHTERS}|militaires\s+(?:russes|turcs|étrangers)|soldats\s+(?:russes|turcs|étrangers))|(?:recruit(?:ed|ing)|brought(?:\s+in)?|envoy(?:er|é|ait|aient|ent)|recrut(?:er|é|ait|aient|ent)|déploy(?:er|é|ait|aient|ent)|transfér(?:er|é|ait|aient))\s+(?:[\w'’]+\s+){{0,3}}{_FIGHTERS}|{_FIGHTERS}\s+brought\s+in)\b",
        hints=(
            "mercenar mercenai fighter forces contractor wagner syrians militiamen recruit "
            "combattant présence arrivée départ déploiement transfert militaires soldats مرتزق"
        ),
    ),
    _t(
        "troop_movement",
        2,
        r"\b(?:reached\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:outskirts|gates|edges?|suburbs|approaches)\s+of|(?:sent|deployed|moved|moving|dispatched|massed|massing|mobili[sz]ed|redeployed|amassed|built\s+up|rushed|brought)\s+(?:\w+\s+){0,5}(?:units|troops|forces|fighters|mercenaries|reinforcements|vehicles|convoys?|batteries|columns?|brigades?)|(?:would|will|to)\s+be\s+(?:deployed|sent|moved|redeployed)|(?:were|was|been)\s+(?:re)?deployed\s+(?:to|into|toward)|(?:reinforcements|troops|units|forces|convoys?)\s+(?:\w+\s+){0,3}(?:arrived|reached|advanced|moved|headed)|advanced\s+(?:on|toward|towards)|push(?:ed)?\s+(?:west|east|north|south)|envoy(?:é|er|ait|aient|ent)\s+des\s+renforts|(?:déploy(?:é|ée|és|er|ait|aient|ent)|dépêch(?:é|er|ait|aient)|envoy(?:é|er|ait|aient|ent)|massé|amassé)\s+(?:[\w'’-]+\s+){0,4}(?:troupes|forces|unités|renforts|soldats|blindés|colonnes?|convois?|brigades?)|(?:renforts|troupes|unités|colonnes?|convois?)\s+(?:[\w'’-]+\s+){0,3}(?:sont\s+arrivée?s|ont\s+atteint|ont\s+avancé|ont\s+fait\s+mouvement|se\s+dirig(?:ent|eaient))|تعزيزات\s+عسكرية)\b",
        hints=(
            "sent deployed moved moving dispatched mass mobili redeploy amass built rushed reached "
            "brought reinforcement troops units forces convoy advanced push renfort déploy "
            "dépêch envoy massé troupes unités colonne تعزيز"
        ),
    ),
    _t(
        "troop_movement",
        1,
        r"\b(?:reinforcements|build-?up|mobili[sz]ation|deployment|convoy|movement|renforts|حشود)\b",
        hints="reinforcement build mobili deployment convoy movement renfort حشود",
    ),
    _t(
        "protest",
        2,
        r"\b(?:protest(?:ed|ing)|demonstrated|rallied|took\s+to\s+the\s+streets|marched|rioted|staged\s+(?:a\s+)?(?:protest|sit-in|demonstration)|(?:protests?|demonstrations?|riots?)\s+(?:\w+\s+){0,2}(?:spread|erupted|broke\s+out|continued|swept)|manifest(?:é|aient|ent)|تظاهر(?:ت|وا)?)\b",
        hints="protest demonstrat rall street march riot sit-in manifest تظاهر",
    ),
    _t(
        "protest",
        1,
        r"\b(?:protests?|protesters|demonstrations?|demonstrators|rall(?:y|ies)|sit-in|riots?|manifestations?|manifestants|مظاهرات?|احتجاجات?)\b",
        hints="protest demonstra rall sit-in riot manifest مظاهر احتجاج",
    ),
    _t(
        "resignation",
        2,
        r"\b(?:resign(?:ed|s)?|(?:submitted|tendered|announced|offered)\s+(?:its|his|her|their)\s+(?:\w+\s+){0,2}resignation|step(?:ped)?\s+down|démissionn(?:é|e)|استقال(?:ت)?)\b",
        hints="resign step down démission استقال",
    ),
    _t(
        "resignation",
        1,
        r"\b(?:resignation|démission|استقالة)\b",
        hints="resignation démission استقالة",
    ),
    _t(
        "meeting",
        2,
        r"\b(?:held\s+(?:\w+\s+){0,2}(?:talks|meetings?|discussions|negotiations)|met|meet|meeting\s+(?:at|in|with)|had\s+been\s+meeting|convened|reconvene[ds]?|hosted|visited|(?:will|to)\s+(?:travel|visit)|hold\s+talks|received\s+(?:[\w-]+\s+){1,3}(?:in|at)|received\s+(?:[\w-]+\s+){0,6}?(?:ambassador|envoy|delegation|minister|counterpart|president|premier)|se\s+rencontrer|se\s+réuni(?:r|ra|ront|ssent|ssaient|t)|se\s+retrouv(?:er|era|eront|ent)|se\s+sont\s+retrouvée?s|(?:a|ont|avait|avaient)\s+(?:\w+\s+)?(?:reçu|accueilli)\s+(?:[\w'’-]+\s+){0,3}(?:délégations?|ministres?|envoyée?|ambassadeur|homologue|président|représentante?)|s['’]est\s+rendue?\s+(?:à|au|en)|(?:tenu|tiendra|tiendront|tenir)\s+(?:des|une|un|de\s+nouvelles)\s+(?:pourparlers|réunions?|entretiens|négociations|discussions|sommet)|spoke\s+by\s+(?:tele)?phone|(?:tele)?phone\s+(?:call|conversation)|s['’](?:est|était)\s+réunie?|se\s+(?:sont|étaient)\s+réuni(?:e)?s|rencontr(?:é|ée|és|era|eront|ent|aient|ait)|التقى|اجتمع(?:ت)?)\b",
        hints=(
            "held met meet convened reconvene hosted visit travel received phone réuni rencontr "
            "retrouv "
            "reçu accueilli rendu tenu tiendr tenir "
            "التقى اجتمع"
        ),
    ),
    _t(
        "meeting",
        1,
        r"\b(?:talks|meeting|rounds?\s+of\s+(?:\w+\s+)?(?:talks|discussions|negotiations)|negotiations|session|summit|(?<!press\s)(?<!news\s)conference|visit|réunions?|rencontres?|pourparlers|entretiens|négociations|visite|sommet|اجتماع|محادثات|مباحثات|زيارة)\b",
        hints=(
            "talks meeting round negotiation session summit conference visit réunion "
            "pourparlers entretiens négociation rencontre sommet اجتماع محادث مباحث زيارة"
        ),
    ),
)

# The patterns below are written in lower case and matched against the lower-cased text
# (``Sentence.lowered``, the same offsets), without re.I; a ``Cued`` one is tried only where one
# of its fragments occurs.

SPEECH = cued(
    r"(?:\b|(?<=[وف]))(?:said|says|told|announced|declared|stated|warned|called\s+(?:on|for|the|it|this|that)|urged|welcomed|"
    r"calls?\s+(?:on|for)|calling\s+(?:on|for)|issued\s+a\s+statement|"
    r"branded|dismissed|rejected|critici[sz]ed|authori[sz]ed|approved|voted|"
    r"condemned|demanded|denounced|insisted|affirmed|reiterated|vowed|pledged|threatened|"
    r"(?:a|ont)\s+(?:\w+\s+){0,2}?(?:déclaré|annoncé|affirmé|appelé|dénoncé|condamné|indiqué|salué|fait\s+savoir|estimé|averti|rejeté|exigé|réclamé|souligné|assuré|précisé)|dénonc(?:e|ent|ait|aient)|condamn(?:e|ent)|قال|قالت|أعلن|أعلنت|دعا|دعت|أكد|أكدت|حذر|حذرت)\b",
    "said says told announced declared stated warned call urged welcomed issued branded dismissed "
    "rejected critici authori approved voted condemned demanded denounced insisted affirmed "
    "reiterated vowed pledged threatened déclaré annoncé affirmé appelé dénonc condamn indiqué "
    "salué savoir estimé averti rejeté exigé réclamé souligné assuré précisé "
    "قال أعلن دعا دعت أكد حذر",
)
STRONG_SPEECH = cued(
    r"(?:\b|(?<=[وف]))(?:warned|called\s+(?:on|for|the|it|this|that)|urged|welcomed|condemned|"
    r"calls?\s+(?:on|for)|calling\s+(?:on|for)|issued\s+a\s+statement|"
    r"demanded|branded|dismissed|rejected|critici[sz]ed|authori[sz]ed|approved|voted|"
    r"denounced|vowed|pledged|threatened|(?:a|ont)\s+(?:\w+\s+){0,2}?(?:annoncé|appelé|dénoncé|condamné|salué|averti|rejeté|exigé)|dénonc(?:e|ent|ait|aient)|condamn(?:e|ent)|أعلن|دعا|دعت|حذر)\b",
    "warned call urged welcomed issued condemned demanded branded dismissed rejected critici "
    "authori approved voted denounced vowed pledged threatened annoncé appelé dénonc condamn salué "
    "averti rejeté exigé "
    "أعلن دعا دعت حذر",
)
DENIAL = cued(
    r"\b(?:denied|denies|deny|denying|démenti|démentent|dément|dément(?:ait|aient)|(?:a|ont)\s+nié|nie|nient|نفى|نفت)\b",
    "deni deny dément nié nie نفى نفت",
)
#: What follows a denial that tells nothing of its own: "denied, saying", "denied the report".
BARE_DENIAL = re.compile(
    r"\s*(?:[,.;:]|$|(?:it|this|that|them|any\s+of\s+(?:it|this|that))\b|"
    r"(?:the|these|those|such|this|that)\s+(?:\w+\s+)?(?:claims?|reports?|allegations?|"
    r"accusations?|charges?|account|information|statements?)\b|"
    r"(?:l['’]information|ces\s+(?:accusations|informations)|cette\s+information)\b)"
)
CANCELLED = cued(
    r"\b(?:cancel(?:l)?ed|called\s+off|postponed|scrapped|annulée?s?|reportée?s?|ajournée?s?|ألغي|ألغيت|تأجيل|أرجئ)\b",
    "cancel called postponed scrapped annulé reporté ajourné ألغي تأجيل أرجئ",
)
_PLANNED_CUES = (
    r"\b(?:will|would|shall|is\s+to|are\s+to|was\s+to|were\s+to|must|to\s+be|expected|due\s+to|"
    r"plans?\s+to|planned|scheduled|set\s+to|soon|agreed\s+to|intends?\s+to|aims?\s+to|"
    r"va|vont|doit|doivent|devra|devront|prévue?s?|سوف|من\s+المقرر|سي|ست)\b"
)
#: A cue of the future before the trigger, in its clause.
PLANNED_BEFORE = re.compile(_PLANNED_CUES + r"[^.;]*$")
#: A cue of the future anywhere in a clause ("was due to host ... has been postponed").
PLANNED_CUE = re.compile(_PLANNED_CUES)
#: A plan told in the past: the day it was due may be before publication ("had been due to
#: hold talks on Wednesday, but the meeting was called off").
PAST_PLAN = re.compile(
    r"\bhad\s+been\s+(?:due|scheduled|supposed|set|expected)\s+to\b|"
    r"\b(?:devait|devaient|était\s+prévue?|étaient\s+prévue?s)\b"
)
PLANNED_AFTER = cued(
    r"^[^.;]{0,60}\b(?:next\s+(?:week|month|year)|in\s+the\s+coming\s+(?:days|weeks|months)|"
    r"later\s+this\s+(?:week|month)|la\s+semaine\s+prochaine|le\s+mois\s+prochain)\b",
    "next coming later semaine mois",
)
#: A future inside the trigger itself ("will travel", "to be formed").
FUTURE_IN_TRIGGER = re.compile(
    r"\b(?:will|must|would|to\s+be)\b|"
    # the French future tense: "se réunira", "se retrouveront", "tiendront", "signeront"
    r"\w(?:era|eront|ira|iront|dra|dront)\b|\b(?:devra|devront|doit|doivent)\b"
)
#: A clause that continues a planned one ("... is to meet X, and to define ...").
CONTINUED_PLAN = re.compile(r"\s*and\s+to\s")
NEGATION = re.compile(r"\b(?:not|no|never|n't|without|nor|ne|pas|لم|لا|لن)\s+(?:\w+\s+){0,2}$")
#: "not withdraw" said of fighters: still news of foreign fighters.
FIGHTERS_WORD = re.compile(r"fighters|mercenar")
#: Words after which a trigger names something rather than reports it; tried only on windows
#: with one of them.
SUPPRESS_BEFORE = cued(
    r"(?:\b(?:halt|end|stop|cessation|oversee|monitor|superviser|surveiller|after\s+(?:days|weeks|months)\s+of|"
    r"deadline\s+for|reports\s+of|concerned\s+(?:by|about|over)|concern\s+(?:over|about)|"
    r"following|claimed|the\s+first\s+such|accept|yet\s+to\s+accept|welcomed|"
    # a commitment "made at the Berlin Conference" names the conference, it does not report it
    r"(?:made|reached|agreed|adopted|taken)\s+at)\s+"
    r"(?:the\s+|an?\s+|to\s+the\s+)?(?:\w+\s+){0,1}$|"
    # a call, a demand or a vote: what it asks for is not reported ("called on X to withdraw")
    r"\b(?:demanding|demand(?:ed|s)?|call(?:s|ed|ing)?\s+(?:for|on|upon)|urg(?:e|es|ed|ing)|"
    r"ask(?:s|ed|ing)?|appeal(?:s|ed|ing)?\s+to|authori[sz](?:ed|ing)|approv(?:ed|ing)|"
    r"vot(?:ed|ing)\s+(?:for|on)|a\s+appelé|appel(?:le|lent|ant)|exhort(?:e|é|ent)|"
    r"demand(?:e|é|ent)|دعا|دعت|طالب|طالبت|"
    # a condition is not a plan: "its support would continue until Haftar's forces withdraw"
    r"until|unless|jusqu['’]à\s+ce\s+que?)\s+(?:that\s+|à\s+|de\s+)?"
    # over a list of what is asked: "the call for the resumption of exports, and for the departure"
    r"(?:[\w'’+-]+,?\s+){0,12}$)",
    "halt end stop cessation oversee monitor superviser surveiller after deadline reports concern "
    "following claimed made reached agreed adopted taken until unless jusqu "
    "first accept welcomed demand call urg ask appeal authori approv vot appel exhort دعا دعت "
    "طالب",
)
ANAPHORIC_SUBJECT = re.compile(
    r"^\s*(?:the|this|that)\s+(?:visit|raid|strike|attack|meeting|talks|session|move)\s+"
    r"(?:came|took\s+place|followed|happened|was\s+the)\b"
)
ANCHOR_AFTER = cued(
    r"\b(?:came|took\s+place|happened|followed|occurred|was)\s+"
    r"(a|an|one|two|three|four|five|six|seven|\d+)\s+days?\s+(after|before)\b",
    "day",
)
#: Where the content of an accusation begins ("accused the LNA of| moving units").
ACCUSATION_CONTENT = cued(
    r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es))\b[^.;]*?\b(?:of|for|that)\b"
    # "a accusé dimanche l'ANL d'avoir tiré": the content is the infinitive's
    r"|\baccus(?:é|ée|és|ées|e|ent|ait|aient)\b[^.;]*?(?:\bd['’]|\bde\s+)"
    r"(?=avoir\b|être\b|[\w-]+(?:er|ir|re)\b)",
    "accus blam",
)
# Matched against the text as written: "and to" before a capital is not a new clause.
CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas)\s(?!(?:to|in|at|from|on|into|then|for|of|with)\s)|\s(?:after|before|when|while|whereas|as\s+well\s+as)\s|"
    r"\sand\s+(?=(?:to\s+(?!the\s|(?-i:[A-Z]))|also\s|(?!(?:armou?red|armed|wounded|injured|allied|"
    r"affiliated|advanced|unmanned|guided|unidentified)\b)\w+ed\b|(?:said|says|told|sent|met|left|took|held|"
    r"fought|struck|flew|went|came|gave|began|brought|made|shot|withdrew|drove|broke|spoke|vowed)\b))"
    # a French main clause after a fronted phrase: "Dix jours après la signature à Genève ...,| la
    # commission s'est réunie lundi à Ghadamès"
    r"|,(?=\s+(?:la|le|les|l['’])\s*[^,;«»]{0,60}?\s(?:s['’]est|se\s+sont|a|ont|doit|doivent|devra|devront|va|vont)\s)",
    re.I,
)
# Each branch starts with a literal, so that the scan skips to commas and dashes.
RELATIVE = re.compile(
    r",\s+(?:which|who|whose)\b[^,;]*(?:,|$)"
    r"|—\s+the\s+[^—–]*?\bwho\b[^—–]*[—–]|–\s+the\s+[^—–]*?\bwho\b[^—–]*[—–]",
)
ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:[^,]{0,90}?\b(?:said|says|say|told\s+\w+|reported|added|announced|stated|declared)"
    r"(?:\s+(?:on\s+\w+|in\s+a\s+[\w\s-]{0,30}|late\s+\w+|yesterday|today))?"
    r"|according\s+to\s+[^,]{0,80}|selon\s+[^,]{0,80})(?:,[^,]{0,60})?\s*[.!?\"”]?\s*$"
)
PLANNED_RIGHT_AFTER = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,3}?(?:will|would|must|shall|is\s+to|are\s+to|is\s+expected|are\s+expected|"
    r"is\s+due|are\s+due|is\s+scheduled|are\s+scheduled|va|doit|devra)\b"
)
#: Where reported speech begins after its verb ("stated in Benghazi that| drones struck").
REPORTED_CONTENT = re.compile(r"\s(?:that|que|qu['’]|أن)\s")
#: After a speech verb, the speaker's own forces act: "said that its forces had repelled".
OWN_FORCES = re.compile(
    r"\s+(?:that\s+)?(?:its|their|our)\s+(?:own\s+)?(?:forces|troops|units|fighters|army|"
    r"air\s+force|drones|jets|aircraft|warplanes|planes|artillery|navy|men)\b"
)
#: Before an actor named as a backer, not a party: "GNA troops backed by| Turkish drones clashed".
BACKER_BEFORE = re.compile(
    r"\b(?:backed|supported|assisted|covered)\s+by\s+(?:the\s+)?$|"
    r"\b(?:soutenue?s?|appuyée?s?)\s+par\s+(?:la\s+|le\s+|les\s+|l['’])?$"
)
PRONOUN_START = re.compile(r"^\W*(?:it|its|he|his|she|her|they|their|il|elle|ils|leur)\b")
BASE_ANAPHORA = cued(r"\bthe\s+(?:air\s*)?base\b", "base")


def _hint_index(
    triggers: tuple[Trigger, ...],
) -> tuple[re.Pattern[str], dict[str, frozenset[int]]]:
    """One pattern for every cue fragment, and for each fragment the triggers it (or a shorter
    fragment inside it: "demonstra" in "demonstrat") stands for."""
    owners: dict[str, set[int]] = {}
    for position, trigger in enumerate(triggers):
        for fragment in trigger.fragments:
            owners.setdefault(fragment, set()).add(position)
    closed = {
        fragment: frozenset(p for other, ps in owners.items() if other in fragment for p in ps)
        for fragment in owners
    }
    return re.compile(literal_alternation(owners)), closed


_HINTS, _HINT_OWNERS = _hint_index(TRIGGERS)


def candidate_triggers(lowered: str, start: int, end: int) -> tuple[Trigger, ...]:
    """The triggers worth trying on ``lowered[start:end]``, in lexicon order: one scan for the
    cue fragments of all of them instead of one scan each."""
    return _triggers_of(frozenset(_HINTS.findall(lowered, start, end)))


@lru_cache(maxsize=4096)
def _triggers_of(fragments: frozenset[str]) -> tuple[Trigger, ...]:
    positions = {p for fragment in fragments for p in _HINT_OWNERS[fragment]}
    return tuple(TRIGGERS[p] for p in sorted(positions))
