package bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic English paragraphs (40–120 words, all distinct) and questions, built from templated sentences
 * over a few topics' vocabularies: the same seed gives the same texts on every machine.
 */
final class Corpus {

    /** Per topic: nouns, verbs (third person), adjectives. */
    private static final String[][][] TOPICS = {
        {{"cluster", "node", "load balancer", "container", "volume", "certificate", "deployment", "replica",
            "network policy", "scheduler", "registry", "gateway"},
            {"schedules", "replicates", "restarts", "encrypts", "routes", "throttles", "mounts", "monitors"},
            {"stateful", "redundant", "idle", "regional", "ephemeral", "overloaded", "private", "managed"}},
        {{"tomato", "seedling", "compost", "greenhouse", "root system", "mulch", "orchard", "soil", "hedge",
            "irrigation line", "pollinator", "raised bed"},
            {"shelters", "feeds", "drains", "protects", "nourishes", "shades", "waters", "supports"},
            {"organic", "sandy", "shaded", "perennial", "dormant", "fertile", "acidic", "sheltered"}},
        {{"sauce", "dough", "oven", "broth", "marinade", "skillet", "pastry", "spice blend", "stock pot",
            "sourdough starter", "glaze", "risotto"},
            {"thickens", "ferments", "seasons", "caramelises", "reduces", "tenderises", "browns", "infuses"},
            {"savoury", "crisp", "slow", "aromatic", "delicate", "rich", "tangy", "golden"}},
        {{"portfolio", "bond", "dividend", "interest rate", "ledger", "invoice", "budget", "pension fund",
            "exchange rate", "balance sheet", "audit", "loan"},
            {"hedges", "diversifies", "offsets", "reconciles", "compounds", "secures", "finances", "reports"},
            {"quarterly", "volatile", "fixed", "diversified", "liquid", "deferred", "audited", "long-term"}},
        {{"telescope", "nebula", "orbit", "comet", "planet", "star cluster", "spectrum", "satellite",
            "black hole", "galaxy", "eclipse", "observatory"},
            {"reflects", "captures", "bends", "emits", "tracks", "absorbs", "measures", "orbits"},
            {"distant", "infrared", "massive", "faint", "rotating", "elliptical", "bright", "stellar"}},
        {{"vaccine", "patient", "symptom", "clinic", "antibody", "dosage", "blood test", "therapy",
            "immune response", "prescription", "ward", "diagnosis"},
            {"reduces", "triggers", "prevents", "treats", "stabilises", "detects", "relieves", "confirms"},
            {"chronic", "acute", "clinical", "mild", "preventive", "routine", "severe", "experimental"}},
        {{"railway", "bridge", "harbour", "canal", "locomotive", "timetable", "freight", "tunnel", "viaduct",
            "signal box", "platform", "junction"},
            {"connects", "carries", "crosses", "delays", "links", "serves", "transports", "spans"},
            {"historic", "coastal", "narrow", "busy", "industrial", "electrified", "rural", "restored"}},
        {{"database", "query", "index", "transaction", "schema", "replica set", "cache", "migration",
            "connection pool", "table", "backup", "log file"},
            {"locks", "rewrites", "compresses", "buffers", "validates", "partitions", "rolls back", "commits"},
            {"relational", "sharded", "consistent", "stale", "nightly", "indexed", "concurrent", "durable"}},
    };

    private static final String[] CONTEXTS = {"during the winter months", "after the last upgrade",
        "in most small teams", "on a busy afternoon", "before the annual review", "in the northern region",
        "when demand is high", "under careful supervision", "at the end of each week", "for several years",
        "without much warning", "in the newer design"};

    private static final String[] TEMPLATES = {
        "The {a} {n} {v} the {n2} {c}.",
        "In practice, a {a} {n} usually {v} the {a2} {n2}.",
        "Most experts agree that the {n} {v} every {n2} {c}.",
        "A well planned {n} rarely {v} a {a} {n2}.",
        "Because the {n2} is {a}, the {n} {v} it {c}.",
        "Nobody expected that one {a} {n} {v} the {n2} so quickly.",
        "Each {n} {v} its own {n2}, which keeps the whole setup {a2}.",
        "The report explains how the {a} {n} {v} the {n2} {c}.",
        "Sometimes the {n2} looks {a}, yet the {n} still {v} it.",
        "If the {n} {v} the {n2} too early, the result stays {a}.",
        "Over time the {n} {v} the {a} {n2} and the {n3} as well.",
        "Careful readers will notice that the {n} {v} the {n2} only {c}.",
    };

    private static final String[] QUESTIONS = {
        "How does the {a} {n} affect the {n2}?",
        "Why does a {n} {v:base} the {n2} {c}?",
        "What happens when the {n} {v} a {a} {n2}?",
        "{a} {n} and {n2}",
        "Which {n} {v} the {a} {n2}?",
        "Tips for a {a} {n} {c}",
    };

    private Corpus() {
    }

    /** {@code count} distinct paragraphs of 40 to 120 words. */
    static List<String> paragraphs(int count, long seed) {
        Random r = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            String[][] topic = TOPICS[r.nextInt(TOPICS.length)];
            int target = 40 + r.nextInt(61); // a sentence adds at most 20 words, so the paragraph stays <= 120
            StringBuilder p = new StringBuilder();
            int words = 0;
            while (words < target) {
                // Now and then a sentence from another topic, as real paragraphs wander.
                String[][] t = r.nextInt(8) == 0 ? TOPICS[r.nextInt(TOPICS.length)] : topic;
                String sentence = fill(TEMPLATES[r.nextInt(TEMPLATES.length)], t, r);
                p.append(p.length() == 0 ? "" : " ").append(sentence);
                words += sentence.split(" ").length;
            }
            out.add(p.toString());
        }
        return new ArrayList<>(out);
    }

    /** {@code count} distinct questions over the same vocabulary. */
    static List<String> queries(int count, long seed) {
        Random r = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            String[][] topic = TOPICS[r.nextInt(TOPICS.length)];
            out.add(fill(QUESTIONS[r.nextInt(QUESTIONS.length)], topic, r));
        }
        return new ArrayList<>(out);
    }

    private static String fill(String template, String[][] topic, Random r) {
        String s = template
                .replace("{n}", pick(topic[0], r)).replace("{n2}", pick(topic[0], r)).replace("{n3}", pick(topic[0], r))
                .replace("{v:base}", base(pick(topic[1], r))).replace("{v}", pick(topic[1], r))
                .replace("{a}", pick(topic[2], r)).replace("{a2}", pick(topic[2], r))
                .replace("{c}", pick(CONTEXTS, r));
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String base(String verb) {
        String first = verb.split(" ")[0];
        String rest = verb.substring(first.length());
        if (first.endsWith("ies")) {
            return first.substring(0, first.length() - 3) + "y" + rest;
        }
        if (first.endsWith("sses")) {
            return first.substring(0, first.length() - 2) + rest;
        }
        return first.substring(0, first.length() - 1) + rest;
    }

    private static String pick(String[] words, Random r) {
        return words[r.nextInt(words.length)];
    }
}
