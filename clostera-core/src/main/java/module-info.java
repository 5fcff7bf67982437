/**
 * clostera's core: PQ and OPQ encoders, code-space k-means, automatic K, metrics and the {@code Clusterer} API.
 * Only the API packages are exported; the internals are open to clostera's own modules alone (io, cli, bench).
 */
// "module": the qualified exports name modules javac does not see while compiling core; "requires-automatic":
// the dependencies below have no module descriptor (see the comment on arpack).
@SuppressWarnings({"module", "requires-automatic"})
module org.clostera.core {
    // Optional: the Vector API kernels run when the JVM adds the module (--add-modules jdk.incubator.vector),
    // the scalar ones otherwise (KernelsProvider and LinearAlgebra look it up at run time).
    requires static jdk.incubator.vector;
    requires java.management;
    requires jdk.management;   // HotSpot's GC and heap-region settings, for table alignment (AlignedFloats)
    requires org.slf4j;
    requires dev.ludovic.netlib.blas;
    requires dev.ludovic.netlib.lapack;
    // LAPACK's output arguments (org.netlib.util.intW) come from net.sourceforge.f2j:arpack_combined_all, a jar
    // without a module name: its automatic name is derived from the file name arpack_combined_all-0.1.jar,
    // which Maven and Gradle always give it. A build that renames the jar must keep clostera on the class path.
    requires arpack.combined.all;

    exports org.clostera;
    exports org.clostera.cluster;
    exports org.clostera.data;
    exports org.clostera.metrics;
    exports org.clostera.quantize;

    exports org.clostera.internal to org.clostera.bench;
    exports org.clostera.internal.autok to org.clostera.bench, org.clostera.spark;
    exports org.clostera.internal.kernels to org.clostera.cli, org.clostera.bench;
    exports org.clostera.internal.kmeans to org.clostera.bench, org.clostera.spark;
    exports org.clostera.internal.parallel to org.clostera.io, org.clostera.bench, org.clostera.spark;
    exports org.clostera.internal.persist to org.clostera.spark;
}
