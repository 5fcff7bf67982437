package org.clostera.cli;

/** The synthetic dataset families {@code clostera generate} can write (names as typed on the command line). */
enum Distribution {
    gaussian,
    anisotropic,
    student_t,
    block_mixed
}
