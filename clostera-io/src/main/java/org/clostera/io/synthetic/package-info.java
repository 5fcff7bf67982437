/**
 * Reproducible synthetic clustering datasets of any size ({@link org.clostera.io.synthetic.SyntheticDataset},
 * four {@link org.clostera.io.synthetic.Distribution}s) and their parallel, atomic export to {@code .npy}
 * ({@link org.clostera.io.synthetic.SyntheticWriter}).
 */
package org.clostera.io.synthetic;
