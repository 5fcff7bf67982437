/** CSV output of labels ({@link org.clostera.io.csv.CsvLabelSink}). */
package org.clostera.io.csv;
