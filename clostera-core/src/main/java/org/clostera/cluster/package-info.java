/**
 * K-means on PQ codes with a given, already trained encoder ({@link org.clostera.cluster.PQKMeans},
 * {@link org.clostera.cluster.OPQMeans}), the automatic choice of K ({@link org.clostera.cluster.AutoKOptions},
 * {@link org.clostera.cluster.AutoKMethod}) and its report ({@link org.clostera.cluster.KSelection}). Most users
 * need only {@link org.clostera.Clusterer}, which trains the encoder and calls these.
 *
 * <p>The k-means and refinement settings are defined once, as validated immutable records with their defaults
 * ({@link org.clostera.cluster.KMeansSettings}, {@link org.clostera.cluster.RefinementSettings}, next to
 * {@link org.clostera.cluster.AutoKOptions} and {@link org.clostera.quantize.EncoderSettings}); every builder
 * holds them and its setters write through them. The builders of {@code PQKMeans} and {@code OPQMeans} share
 * their setters ({@link org.clostera.cluster.KMeansBuilder}).
 */
package org.clostera.cluster;
