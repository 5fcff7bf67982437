/**
 * External clustering quality measures against true labels ({@link org.clostera.metrics.ClusteringMetrics}):
 * purity, NMI, ARI, homogeneity, completeness, V-measure, matching scikit-learn.
 */
package org.clostera.metrics;
