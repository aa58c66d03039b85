/**
 * B-cubed precision, recall and F1 of a clustering against labels, as tests/corpora/story-clustering/README.md
 * defines them: per item, the share of its predicted cluster that has its label (precision) and the share of its
 * label that is in its predicted cluster (recall), each averaged over items; F1 of the two means.
 */

/** Mean B-cubed precision and recall over items and the F1 of those means. */
export interface BCubed {
  precision: number;
  recall: number;
  f1: number;
}

/** Scores `predicted[i]` against `labels[i]` for every item i (the two arrays have the same length). */
export function bCubed(predicted: readonly (string | number)[], labels: readonly (string | number)[]): BCubed {
  if (predicted.length !== labels.length) {
    throw new Error(`bCubed expects one prediction per label; got ${predicted.length} predictions and ${labels.length} labels.`);
  }
  if (labels.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const clusterSizes = countBy(predicted);
  const labelSizes = countBy(labels);
  const pairSizes = countBy(predicted.map((cluster, i) => `${cluster}\u0000${labels[i]}`));
  let precision = 0;
  let recall = 0;
  predicted.forEach((cluster, i) => {
    const both = pairSizes.get(`${cluster}\u0000${labels[i]}`)!;
    precision += both / clusterSizes.get(String(cluster))!;
    recall += both / labelSizes.get(String(labels[i]))!;
  });
  precision /= labels.length;
  recall /= labels.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

function countBy(values: readonly (string | number)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  return counts;
}
