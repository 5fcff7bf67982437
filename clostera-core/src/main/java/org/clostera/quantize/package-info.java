/**
 * Product quantization: {@link org.clostera.quantize.PQEncoder} (M subspaces, Ks codewords each) and
 * {@link org.clostera.quantize.OPQEncoder} (PQ after a learned orthogonal rotation), their training input and
 * reconstruction error, {@link org.clostera.quantize.EncoderSettings} (how an encoder is trained, the record every
 * builder shares) and {@link org.clostera.quantize.EncoderFiles} to save and load a trained encoder.
 */
package org.clostera.quantize;
