/** Clustering quality figures that need the raw vectors (the k-means objective of a partition). */
package org.clostera.io.quality;
