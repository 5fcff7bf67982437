/**
 * K-means on PQ codes with a given encoder ({@link org.clostera.cluster.PQKMeans},
 * {@link org.clostera.cluster.OPQMeans}), the automatic choice of K ({@link org.clostera.cluster.AutoKOptions},
 * {@link org.clostera.cluster.AutoKMethod}) and its report ({@link org.clostera.cluster.KSelection}). Most users
 * need only {@link org.clostera.Clusterer}, which trains the encoder and calls these.
 */
package org.clostera.cluster;
