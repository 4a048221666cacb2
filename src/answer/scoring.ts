/**
 * The extractive answerer's scoring profile: every weight and threshold in one place, each with what it
 * trades off. They were set on the seed dev set and the realistic set and checked on the held-out set
 * (`npm run eval:heldout`); change one only with all three evaluations green.
 */
export const SCORING = {
  concepts: {
    /** Weight of a one-character term, and of each character of a longer one (capped at `maxWeight`). */
    singleCharWeight: 0.3,
    perCharWeight: 0.8,
    maxWeight: 3,
    /** Generic words (政府, 信息) and list categories (形式, 地方) keep this share of their weight. */
    genericShare: 0.25,
    /** A synonym group the question only reached through expansion keeps this share. */
    expandedShare: 0.5,
    /** A concept this heavy is key: a passage lacking it cannot answer (`市长热线`). */
    keyWeight: 2.4,
  },
  sentence: {
    /** Least share of the question's weight the chosen text must cover, else refuse. */
    minCoverage: 0.34,
    /** How much a sentence's and a passage's coverage count when a clause alone covers less. */
    sentenceShare: 0.9,
    passageShare: 0.8,
    /** Passage coverage added to a clause's score, and the cost of each step down the retrieval ranking. */
    passageBonus: 0.6,
    rankCost: 0.1,
    /** Yes/no: a negating sentence, a sentence with counts, a sentence with neither. */
    negationBonus: 0.3,
    countBonus: 0.1,
    noStatementCost: 0.5,
  },
  figure: {
    /** Least strict coverage of a figure's label (whole ideas only) for it to be bound at all. */
    minBinding: 0.2,
    /** How much the bound figure's own score adds to its sentence's, and the cost of a sentence with none. */
    bindingWeight: 1.5,
    unboundCost: 0.8,
    /** Own words break ties between figures whose full labels cover the question alike. */
    ownShare: 0.5,
    /** Later numbers of a sentence lose this much each: the total before its breakdown wins a tie. */
    orderCost: 0.02,
    /** A unit contradicting the asked one; half for `多少个`, which says little about the unit. */
    unitMismatchCost: 0.5,
    weakUnitMismatchCost: 0.25,
    /** A unit agreeing with the asked one: small, since a table's values carry none and must not lose for it. */
    unitMatchBonus: 0.1,
    /** A change's direction (`从多少…缩短`): the value after the marker, or any other. */
    directionBonus: 0.4,
    directionCost: 0.1,
    /**
     * A figure whose label names the question's head measure, the idea written last before `多少`/`几`
     * (`依申请同意公开多少件` asks for 同意公开, of applications): it wins over a figure of the modifier.
     */
    headBonus: 0.3,
    /** A table row's total when no column is asked for. */
    totalBonus: 0.35,
    /** Longest noun a number counts forwards (`11个乡镇(街道)政务服务中心`). */
    maxForwardNoun: 24,
  },
  reports: {
    /** A question naming no report lists at most this many, each answering as fully as the best. */
    maxListed: 3,
    /** Yes/no: another report's statement may cover this much less than the best. */
    yesNoCoverageSlack: 0.05,
  },
} as const;
