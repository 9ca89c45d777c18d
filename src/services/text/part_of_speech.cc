// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/part_of_speech.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <unordered_map>

#include "core/text_lines.h"
#include "services/text/embedded_data.h"

namespace lathe::services::text {
namespace {

// Closed-class words per language (lower case, written for Lathe), "TAG: word word ...". A word
// listed under two tags gets the first; context rules below settle the ambiguous English ones.
constexpr std::string_view kEnglish = R"(
DET: the a an this these those every each some any no all both either neither another such
  whatever whichever
PRON: i me my mine myself you your yours yourself yourselves he him his himself she her hers
  herself it its itself we us our ours ourselves they them their theirs themselves who whom whose
  what which someone somebody something anyone anybody anything everyone everybody everything
  nobody nothing none 'em
ADP: of in on at by for with from into onto over under about after before between through during
  without within against among across along around behind beyond near since until upon via per
  than like toward towards off despite except inside outside throughout beneath beside besides
  amid unlike
CCONJ: and or but nor plus &
SCONJ: if because although though while whereas unless whether
AUX: am is are was were be been being 'm 're have has had having 've 'd do does did will would
  shall should may might must can could 'll ca wo
PART: not n't 's to
INTJ: oh wow hey hello hi yes yeah ouch oops ok okay alas hmm ah uh um please bye goodbye
NUM: zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
  fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
  ninety hundred thousand million billion trillion dozen
ADV: very really quite just also too so then now here there always never often sometimes soon
  already still even only again almost rather when where why how ever perhaps maybe however
)";
constexpr std::string_view kSpanish = R"(
DET: el la los las un una unos unas este esta estos estas ese esa esos esas aquel aquella cada
  algún alguna algunos algunas ningún ninguna todo toda todos todas otro otra otros otras mi mis
  tu tus su sus nuestro nuestra nuestros nuestras
PRON: yo tú él ella nosotros nosotras vosotros ellos ellas me te se nos os le les lo usted
  ustedes mí ti sí quien quienes algo nada alguien nadie esto eso aquello
ADP: a ante bajo con contra de desde durante en entre hacia hasta mediante para por según sin
  sobre tras del al
CCONJ: y e o u pero ni sino
SCONJ: que porque aunque si cuando mientras como donde pues
AUX: es son era eran fue fueron ser sido siendo está están estaba estaban estar he has ha hemos
  han había habían haber hay
ADV: no sí muy más menos ya también siempre nunca aquí allí ahora bien mal tan casi solo
INTJ: hola adiós gracias ay oh
NUM: uno dos tres cuatro cinco seis siete ocho nueve diez cien mil millón
)";
constexpr std::string_view kFrench = R"(
DET: le la les l' un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre
  nos votre vos leur leurs chaque quelque quelques tout toute tous toutes aucun aucune
PRON: je j' tu il elle on nous vous ils elles me m' te t' se s' lui y en moi toi soi eux qui
  quoi cela ceci ça rien personne quelqu'un celui celle ceux
ADP: à de d' dans sur sous avec sans pour par entre vers chez contre depuis pendant avant après
  selon malgré parmi
CCONJ: et ou mais ni car donc or
SCONJ: que qu' quand si comme lorsque puisque parce
AUX: est sont était étaient été être ai as a avons avez ont avait avaient avoir suis es sommes
  êtes sera seront
ADV: ne n' pas plus très bien mal déjà toujours jamais ici là aussi encore trop peu souvent oui
  non
INTJ: bonjour salut merci oh ah hélas
NUM: deux trois quatre cinq six sept huit neuf dix cent mille million
)";
constexpr std::string_view kGerman = R"(
DET: der die das den dem des ein eine einer eines einem einen dieser diese dieses diesen diesem
  jeder jede jedes mein meine meinen dein deine sein seine ihr ihre unser unsere euer kein keine
  alle
PRON: ich du er sie es wir ihr mich mir dich dir sich uns euch ihm ihn ihnen man wer was jemand
  niemand nichts etwas
ADP: in im an am auf aus bei mit nach seit von vom zu zum zur durch für gegen ohne um über unter
  vor hinter neben zwischen während wegen trotz
CCONJ: und oder aber denn sondern
SCONJ: dass daß weil ob wenn als obwohl damit bevor nachdem während
AUX: bin bist ist sind seid war waren gewesen sein habe hast hat haben habt hatte hatten werde
  wirst wird werden wurde wurden kann können muss müssen soll sollen will wollen darf dürfen mag
ADV: nicht sehr auch schon noch nur immer nie hier dort jetzt heute morgen gestern dann so ja
  nein gern oft
INTJ: hallo tschüss danke ach oh
NUM: eins zwei drei vier fünf sechs sieben acht neun zehn hundert tausend million
)";
constexpr std::string_view kItalian = R"(
DET: il lo la l' i gli le un uno una un' del dello della dei degli delle questo questa questi
  queste quel quello quella quei quegli quelle ogni alcuni alcune tutto tutta tutti tutte mio mia
  miei mie tuo tua suo sua suoi sue nostro nostra
PRON: io tu lui lei noi voi loro mi ti si ci vi ne gli lo chi che cosa qualcuno nessuno niente
  nulla me te sé
ADP: di a da in con su per tra fra del al dal nel sul della alla dalla nella sulla
CCONJ: e ed o ma né però
SCONJ: che perché se quando mentre come benché sebbene
AUX: è sono era erano stato stata essere ho hai ha abbiamo avete hanno aveva avevano avere sarà
ADV: non molto più meno già anche sempre mai qui qua lì là ora bene male così ancora sì no
INTJ: ciao grazie oh ah
NUM: uno due tre quattro cinque sei sette otto nove dieci cento mille milione
)";
constexpr std::string_view kPortuguese = R"(
DET: o a os as um uma uns umas este esta estes estas esse essa esses essas aquele aquela cada
  todo toda todos todas meu minha meus minhas teu tua seu sua seus suas nosso nossa
PRON: eu tu ele ela nós vós eles elas me te se nos lhe lhes você vocês mim ti si quem algo nada
  alguém ninguém isto isso aquilo
ADP: a ante após até com contra de desde em entre para perante por sem sob sobre trás do da dos
  das no na nos nas ao aos pelo pela
CCONJ: e ou mas nem porém
SCONJ: que porque embora se quando enquanto como onde
AUX: é são era eram foi foram ser sido sendo está estão estava estar tem têm tinha ter há
ADV: não sim muito mais menos já também sempre nunca aqui ali agora bem mal tão quase só
INTJ: olá obrigado obrigada oh ah
NUM: um dois três quatro cinco seis sete oito nove dez cem mil milhão
)";

using WordTags = std::unordered_map<std::string, std::string>;

WordTags ParseClosedClass(std::string_view lists) {
  WordTags tags;
  std::istringstream in{std::string(lists)};
  std::string tag;
  for (std::string word; in >> word;) {
    if (word.back() == ':') {
      tag = word.substr(0, word.size() - 1);
    } else {
      tags.emplace(word, tag);  // the first tag listed wins
    }
  }
  return tags;
}

const WordTags& ClosedClass(std::string_view language) {
  static const auto* tables = new std::map<std::string, WordTags, std::less<>>{
      {"en", ParseClosedClass(kEnglish)}, {"es", ParseClosedClass(kSpanish)},
      {"fr", ParseClosedClass(kFrench)},  {"de", ParseClosedClass(kGerman)},
      {"it", ParseClosedClass(kItalian)}, {"pt", ParseClosedClass(kPortuguese)}};
  auto it = tables->find(language);
  return it == tables->end() ? tables->at("en") : it->second;
}

// English lexicon: word -> possible tags, most frequent first.
const std::unordered_map<std::string, std::vector<std::string>>& EnglishLexicon() {
  static const auto* lexicon = [] {
    auto* out = new std::unordered_map<std::string, std::vector<std::string>>();
    const std::string_view tsv = internal::PosLexiconTsv();
    out->reserve(80000);
    ForEachDataLine(tsv, [out](const DataLine& line) {
      if (line.fields.size() < 2) return;
      std::vector<std::string>& tags = (*out)[std::string(line.fields[0])];
      const std::string_view list = line.text.substr(line.fields[0].size() + 1);
      for (size_t t = 0; t <= list.size();) {
        size_t comma = list.find(',', t);
        if (comma == std::string_view::npos) comma = list.size();
        tags.emplace_back(list.substr(t, comma - t));
        t = comma + 1;
      }
    });
    return out;
  }();
  return *lexicon;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.rfind("\xE2\x80\x99", 0) == 0) out.replace(0, 3, "'");  // ’s -> 's
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsPunctuation(std::string_view t) {
  if (t == "\xE2\x80\x9C" || t == "\xE2\x80\x9D" || t == "\xE2\x80\x98" || t == "\xE2\x80\x99" ||
      t == "\xE2\x80\x94" || t == "\xE2\x80\x93" || t == "\xE2\x80\xA6" || t == "\xC2\xAB" ||
      t == "\xC2\xBB" || t == "\xC2\xBF" || t == "\xC2\xA1") {
    return true;  // quotes, dashes, ellipsis, guillemets, inverted marks
  }
  return std::all_of(t.begin(), t.end(), [](char c) {
    return std::string_view("!\"'(),-./:;?[]{}`").find(c) != std::string_view::npos;
  });
}

bool IsSymbol(std::string_view t) {
  if (t == "\xE2\x82\xAC" || t == "\xC2\xA3" || t == "\xC2\xA9" || t == "\xC2\xB0") return true;
  if (!t.empty() && (static_cast<unsigned char>(t[0]) >= 0xF0 ||
                     (t.size() > 1 && static_cast<unsigned char>(t[0]) == 0xE2 &&
                      static_cast<unsigned char>(t[1]) >= 0x84))) {
    return true;  // emoji (astral planes) and symbols from U+2100 (arrows, maths, dingbats)
  }
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
    return std::string_view("#$%&*+<=>@\\^_|~").find(c) != std::string_view::npos;
  });
}

bool IsNumber(std::string_view t) {
  bool digit = false;
  for (char c : t) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c != '.' && c != ',' && c != '-' && c != '/' && c != ':') {
      return false;
    }
  }
  return digit;
}

bool IsCapitalized(std::string_view t) {
  return !t.empty() && (std::isupper(static_cast<unsigned char>(t[0])) ||
                        // Latin-1 upper-case letters À..Þ (UTF-8 C3 80..C3 9E)
                        (t.size() > 1 && static_cast<unsigned char>(t[0]) == 0xC3 &&
                         static_cast<unsigned char>(t[1]) < 0x9F));
}

// Languages without their own rules here are tagged as English.
bool IsEnglishRules(std::string_view language) {
  return language != "es" && language != "fr" && language != "de" && language != "it" &&
         language != "pt";
}

bool Has(const std::vector<std::string>& tags, std::string_view tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

// Tag of an unknown word by its ending.
PosTag BySuffix(std::string_view lower, std::string_view language) {
  struct Rule {
    std::string_view suffix, tag;
  };
  static const std::map<std::string, std::vector<Rule>, std::less<>> rules = {
      {"en",
       {{"ly", "ADV"}, {"ing", "VERB"}, {"ed", "VERB"}, {"ize", "VERB"}, {"ise", "VERB"},
        {"ify", "VERB"}, {"ous", "ADJ"}, {"ful", "ADJ"}, {"able", "ADJ"}, {"ible", "ADJ"},
        {"ive", "ADJ"}, {"less", "ADJ"}, {"ic", "ADJ"}, {"al", "ADJ"}, {"ish", "ADJ"}}},
      {"es",
       {{"mente", "ADV"}, {"ar", "VERB"}, {"er", "VERB"}, {"ir", "VERB"}, {"ando", "VERB"},
        {"iendo", "VERB"}, {"ado", "VERB"}, {"ido", "VERB"}, {"oso", "ADJ"}, {"osa", "ADJ"},
        {"ble", "ADJ"}, {"ivo", "ADJ"}, {"iva", "ADJ"}}},
      {"fr",
       {{"ment", "ADV"}, {"er", "VERB"}, {"ir", "VERB"}, {"ant", "VERB"}, {"é", "VERB"},
        {"eux", "ADJ"}, {"euse", "ADJ"}, {"ble", "ADJ"}, {"if", "ADJ"}, {"ive", "ADJ"}}},
      {"de",
       {{"en", "VERB"}, {"lich", "ADJ"}, {"ig", "ADJ"}, {"isch", "ADJ"}, {"bar", "ADJ"},
        {"los", "ADJ"}}},
      {"it",
       {{"mente", "ADV"}, {"are", "VERB"}, {"ere", "VERB"}, {"ire", "VERB"}, {"ando", "VERB"},
        {"endo", "VERB"}, {"ato", "VERB"}, {"oso", "ADJ"}, {"osa", "ADJ"}, {"bile", "ADJ"}}},
      {"pt",
       {{"mente", "ADV"}, {"ar", "VERB"}, {"er", "VERB"}, {"ir", "VERB"}, {"ando", "VERB"},
        {"endo", "VERB"}, {"ado", "VERB"}, {"oso", "ADJ"}, {"osa", "ADJ"}, {"vel", "ADJ"}}}};
  auto it = rules.find(language);
  for (const Rule& r : it == rules.end() ? rules.at("en") : it->second) {
    if (EndsWith(lower, r.suffix) && lower.size() >= r.suffix.size() + 3) return {std::string(r.tag), 0.6};
  }
  return {"NOUN", 0.4};
}

// The first pass: each token alone.
struct Candidate {
  PosTag tag;
  std::vector<std::string> lexicon;  // English lexicon tags (empty when unknown or not English)
  bool closed = false;               // from a closed-class list
};

Candidate TagAlone(std::string_view token, std::string_view language, bool sentence_start) {
  if (IsPunctuation(token)) return {{"PUNCT", 0.99}, {}, true};
  if (IsNumber(token)) return {{"NUM", 0.98}, {}, true};
  if (IsSymbol(token)) return {{"SYM", 0.95}, {}, true};
  const std::string lower = Lower(token);
  const WordTags& closed = ClosedClass(language);
  // (The country "US" is not the pronoun "us".)
  if (auto it = closed.find(lower); it != closed.end() && token != "US") {
    return {{it->second, 0.95}, {}, true};
  }
  if (IsEnglishRules(language)) {
    const auto& lexicon = EnglishLexicon();
    auto it = lexicon.find(lower);
    if (IsCapitalized(token) && (!sentence_start || it == lexicon.end())) {
      return {{"PROPN", it == lexicon.end() ? 0.8 : 0.7}, {}, false};
    }
    if (it != lexicon.end()) {
      return {{it->second[0], it->second.size() == 1 ? 0.95 : 0.75}, it->second, false};
    }
    return {BySuffix(lower, language), {}, false};
  }
  if (IsCapitalized(token) && !sentence_start) {
    return {{language == "de" ? "NOUN" : "PROPN", 0.7}, {}, false};  // German capitalises nouns
  }
  return {BySuffix(lower, language), {}, false};
}

bool IsVerbLike(const Candidate& c) {
  return c.tag.tag == "VERB" || (!c.lexicon.empty() && c.lexicon[0] == "VERB");
}

// English context rules over the first pass.
void EnglishContext(const std::vector<std::string_view>& tokens, std::vector<Candidate>& c) {
  const size_t n = c.size();
  auto lower = [&](size_t i) { return Lower(tokens[i]); };
  for (size_t i = 0; i < n; ++i) {
    const std::string w = lower(i);
    const std::string prev_tag = i > 0 ? c[i - 1].tag.tag : "";
    if (!c[i].lexicon.empty() && c[i].lexicon.size() > 1) {
      const bool after_determiner = prev_tag == "DET" || prev_tag == "ADJ" ||
                                    (i > 0 && (lower(i - 1) == "my" || lower(i - 1) == "your" ||
                                               lower(i - 1) == "his" || lower(i - 1) == "her" ||
                                               lower(i - 1) == "its" || lower(i - 1) == "our" ||
                                               lower(i - 1) == "their"));
      const bool next_noun = i + 1 < n && c[i + 1].tag.tag == "NOUN";
      const bool next_adj = i + 1 < n && c[i + 1].tag.tag == "ADJ";
      if (after_determiner && Has(c[i].lexicon, "ADJ") && (next_noun || next_adj)) {
        c[i].tag = {"ADJ", 0.8};
      } else if (after_determiner && Has(c[i].lexicon, "NOUN")) {
        c[i].tag = {"NOUN", 0.8};
      } else if (prev_tag == "NOUN" && c[i].tag.tag == "NOUN" && Has(c[i].lexicon, "VERB") &&
                 w.size() > 2 && w.back() == 's' && i + 1 < n &&
                 (c[i + 1].tag.tag == "ADP" || c[i + 1].tag.tag == "DET" ||
                  c[i + 1].tag.tag == "PRON" || c[i + 1].tag.tag == "ADV")) {
        c[i].tag = {"VERB", 0.7};  // "the fox jumps over": a noun's -s verb before its complement
      } else if ((prev_tag == "AUX" || prev_tag == "PART" || prev_tag == "PRON") &&
                 Has(c[i].lexicon, "VERB") && c[i].lexicon[0] != "ADJ" && c[i].lexicon[0] != "ADV") {
        c[i].tag = {"VERB", 0.8};
      }
    }
    if (w == "to") {  // PART before a verb, ADP otherwise
      // A word that can be a verb is one here when an object follows ("to book the room").
      const bool object_follows =
          i + 2 < n && (c[i + 2].tag.tag == "DET" || c[i + 2].tag.tag == "PRON" ||
                        c[i + 2].tag.tag == "NUM" || c[i + 2].tag.tag == "PROPN");
      const bool verb = i + 1 < n && (IsVerbLike(c[i + 1]) ||
                                      (Has(c[i + 1].lexicon, "VERB") && object_follows));
      c[i].tag = verb ? PosTag{"PART", 0.85} : PosTag{"ADP", 0.85};
      if (c[i].tag.tag == "PART" && i + 1 < n) c[i + 1].tag = {"VERB", 0.85};
    } else if (w == "'s") {  // possessive after a noun or name, else "is"/"has"
      c[i].tag = prev_tag == "NOUN" || prev_tag == "PROPN" ? PosTag{"PART", 0.8}
                                                            : PosTag{"AUX", 0.8};
    } else if (w == "that" || w == "this" || w == "these" || w == "those" || w == "what" ||
               w == "which") {
      const std::string next = i + 1 < n ? c[i + 1].tag.tag : "";
      if (next == "NOUN" || next == "ADJ" || next == "NUM") {
        c[i].tag = {"DET", 0.85};
      } else if (w == "that" && (next == "PRON" || next == "DET" || next == "PROPN") && i > 0 &&
                 (prev_tag == "VERB" || prev_tag == "ADJ")) {  // after a noun: relative PRON
        c[i].tag = {"SCONJ", 0.75};
      } else {
        c[i].tag = {"PRON", 0.8};
      }
    } else if (w == "have" || w == "has" || w == "had" || w == "having" || w == "do" ||
               w == "does" || w == "did" || w == "'ve" || w == "'d") {
      // AUX when a verb follows (skipping adverbs, particles and pronouns), VERB otherwise.
      bool verb_follows = false;
      for (size_t j = i + 1; j < n && j <= i + 4; ++j) {
        const std::string& t = c[j].tag.tag;
        if (t == "AUX" || IsVerbLike(c[j]) ||
            (!c[j].lexicon.empty() && Has(c[j].lexicon, "VERB") && t != "NOUN")) {
          verb_follows = true;
          break;
        }
        if (t != "ADV" && t != "PART" && t != "PRON") break;
      }
      c[i].tag = verb_follows ? PosTag{"AUX", 0.85} : PosTag{"VERB", 0.8};
    } else if (w == "her" || w == "his") {
      c[i].tag = {"PRON", 0.9};
    } else if (w == "so" || w == "yet") {
      c[i].tag = i + 1 < n && (c[i + 1].tag.tag == "ADJ" || c[i + 1].tag.tag == "ADV")
                     ? PosTag{"ADV", 0.8}
                     : PosTag{w == "so" ? "ADV" : "CCONJ", 0.6};
    } else if (w == "up" || w == "out" || w == "down" || w == "off" || w == "over") {
      if (prev_tag == "VERB" && (i + 1 == n || c[i + 1].tag.tag == "PUNCT")) c[i].tag = {"ADP", 0.7};
    }
  }
}

}  // namespace

std::string_view CommonEnglishTag(std::string_view word) {
  const std::string lower = Lower(word);
  if (auto closed = ClosedClass("en").find(lower); closed != ClosedClass("en").end()) {
    return closed->second;
  }
  const auto& lexicon = EnglishLexicon();
  auto it = lexicon.find(lower);
  return it == lexicon.end() || it->second[0] == "PROPN" ? std::string_view() : it->second[0];
}

std::vector<PosTag> TagPartsOfSpeech(const std::vector<std::string_view>& tokens,
                                     std::string_view language,
                                     const std::vector<bool>& sentence_start) {
  std::vector<Candidate> c;
  c.reserve(tokens.size());
  bool starts = true;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool start = sentence_start.size() == tokens.size() ? sentence_start[i] : starts;
    c.push_back(TagAlone(tokens[i], language, start));
    starts = tokens[i] == "." || tokens[i] == "!" || tokens[i] == "?";
  }
  if (IsEnglishRules(language)) EnglishContext(tokens, c);
  std::vector<PosTag> out;
  out.reserve(c.size());
  for (Candidate& candidate : c) out.push_back(std::move(candidate.tag));
  return out;
}

}  // namespace lathe::services::text
