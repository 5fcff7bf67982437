package org.clostera.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What {@code clostera cluster --report} writes: the run's shape, parameters, timings and quality
 * figures. Field names are snake_case and stable; scripts read them.
 *
 * @param input                  the input file
 * @param output                 the labels file written
 * @param rows                   rows clustered
 * @param dim                    vector dimension D
 * @param k                      number of clusters
 * @param mode                   {@code "pq"} (plain PQ, {@code --fastest}) or {@code "opq"}
 * @param subquantizers          M, code bytes per vector
 * @param codebookSize           Ks, codewords per subquantizer
 * @param opqIterations          OPQ rotation iterations requested, null for PQ or the library default
 * @param trainRows              encoder training sample size requested, null for the library default
 * @param maxIterations          k-means iterations requested, null for the library default
 * @param iterationsRun          k-means iterations actually run
 * @param seed                   random seed
 * @param threads                worker threads
 * @param kernels                name of the hot-loop implementation ({@code KernelsProvider.get().name()})
 * @param timings                stage timings in seconds
 * @param reconstructionMse      mean squared reconstruction error per dimension on a row sample
 * @param reconstructionSampleRows rows in that sample
 * @param inertiaHistory         k-means objective after each iteration (input units)
 * @param prunedFractionHistory  per assignment pass of the main Lloyd run, the fraction of code-center float
 *                               distances that pruned assignment skipped (in the first pass only the 8-bit
 *                               pre-filter of large K skips any)
 * @param finalInertia           last entry of the inertia history
 * @param clusterSizes           rows per cluster
 * @param encodeVectorsPerSecond encoding throughput
 * @param clusterMsPerIteration  mean wall time of one k-means iteration (auto-K, seeding and refinement excluded)
 * @param refinementMoves        split/merge moves the refinement accepted (0 with {@code --no-refinement})
 * @param rawErrorHistory        with {@code --refine-raw}: squared error of the raw vectors to their centers before
 *                               the first dense iteration, then after each; null otherwise
 * @param closteraVersion        version of clostera that produced the report
 * @param java                   JVM version
 * @param selectedK              K chosen by automatic selection ({@code --k auto}), null when K was given
 * @param kSelection             the automatic K selection report ({@code KSelection.toMap()}), null when K was given
 * @param maxRamBytes            the memory budget ({@code --max-ram}) in bytes, null when unlimited
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"input", "output", "rows", "dim", "k", "mode", "metric", "subquantizers", "codebook_size",
    "opq_iterations", "train_rows", "max_iterations", "iterations_run", "seed", "threads", "kernels", "timings",
    "reconstruction_mse", "reconstruction_sample_rows", "inertia_history", "pruned_fraction_history", "final_inertia", "cluster_sizes",
    "encode_vectors_per_s", "cluster_ms_per_iteration", "refinement_moves", "raw_error_history", "clostera_version", "java", "selected_k", "k_selection", "max_ram_bytes"})
public record ClusterReport(
        @JsonProperty("input") String input,
        @JsonProperty("output") String output,
        @JsonProperty("rows") long rows,
        @JsonProperty("dim") int dim,
        @JsonProperty("k") int k,
        @JsonProperty("mode") String mode,
        @JsonProperty("subquantizers") int subquantizers,
        @JsonProperty("codebook_size") int codebookSize,
        @JsonProperty("opq_iterations") Integer opqIterations,
        @JsonProperty("train_rows") Integer trainRows,
        @JsonProperty("max_iterations") Integer maxIterations,
        @JsonProperty("iterations_run") int iterationsRun,
        @JsonProperty("seed") long seed,
        @JsonProperty("threads") int threads,
        @JsonProperty("kernels") String kernels,
        @JsonProperty("timings") Timings timings,
        @JsonProperty("reconstruction_mse") double reconstructionMse,
        @JsonProperty("reconstruction_sample_rows") int reconstructionSampleRows,
        @JsonProperty("inertia_history") double[] inertiaHistory,
        @JsonProperty("pruned_fraction_history") double[] prunedFractionHistory,
        @JsonProperty("final_inertia") double finalInertia,
        @JsonProperty("cluster_sizes") long[] clusterSizes,
        @JsonProperty("encode_vectors_per_s") double encodeVectorsPerSecond,
        @JsonProperty("cluster_ms_per_iteration") double clusterMsPerIteration,
        @JsonProperty("refinement_moves") int refinementMoves,
        @JsonProperty("raw_error_history") double[] rawErrorHistory,
        @JsonProperty("clostera_version") String closteraVersion,
        @JsonProperty("java") String java,
        @JsonProperty("selected_k") Integer selectedK,
        @JsonProperty("k_selection") java.util.Map<String, Object> kSelection,
        @JsonProperty("max_ram_bytes") Long maxRamBytes,
        @JsonProperty("metric") String metric) {

    /**
     * Stage timings in seconds. {@code total_s} is the whole fit (train + rotation + encode + cluster);
     * {@code write_s} the labels output, {@code reconstruction_s} the reconstruction-error sample,
     * {@code wall_s} the whole command including reading and writing.
     *
     * @param trainSeconds          encoder training (codebooks; for OPQ including the rotation)
     * @param rotationSeconds       OPQ rotation learning, null for plain PQ
     * @param encodeSeconds         encoding all rows
     * @param clusterSeconds        code-space clustering: auto-K, seeding, iterations, refinement
     * @param autoKSeconds          choosing K ({@code --k auto}, part of {@code cluster_s}), null when K was given
     * @param seedingSeconds        choosing the initial centers (part of {@code cluster_s})
     * @param refineSeconds         the split/merge search, on the seeding sample and on all codes (part of
     *                              {@code cluster_s})
     * @param refineRawSeconds      the dense iterations on the raw vectors ({@code --refine-raw}, part of
     *                              {@code cluster_s}), null when not run
     * @param totalSeconds          whole fit
     * @param writeSeconds          writing the labels file
     * @param reconstructionSeconds measuring the reconstruction error
     * @param wallSeconds           the whole command
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"train_s", "rotation_s", "encode_s", "cluster_s", "auto_k_s", "seeding_s", "refine_s", "refine_raw_s", "total_s", "write_s", "reconstruction_s",
        "wall_s"})
    public record Timings(
            @JsonProperty("train_s") double trainSeconds,
            @JsonProperty("rotation_s") Double rotationSeconds,
            @JsonProperty("encode_s") double encodeSeconds,
            @JsonProperty("cluster_s") double clusterSeconds,
            @JsonProperty("auto_k_s") Double autoKSeconds,
            @JsonProperty("seeding_s") double seedingSeconds,
            @JsonProperty("refine_s") double refineSeconds,
            @JsonProperty("refine_raw_s") Double refineRawSeconds,
            @JsonProperty("total_s") double totalSeconds,
            @JsonProperty("write_s") double writeSeconds,
            @JsonProperty("reconstruction_s") double reconstructionSeconds,
            @JsonProperty("wall_s") double wallSeconds) {
    }
}
