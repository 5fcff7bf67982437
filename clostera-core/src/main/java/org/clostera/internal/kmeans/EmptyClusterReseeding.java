package org.clostera.internal.kmeans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Deterministic re-seeding of empty clusters. Each empty cluster (in ascending order) gets as its new
 * center the decoded code that is farthest from its current center, among codes of clusters that keep
 * at least one member (a cluster of size s donates at most s - 1 codes), skipping codes that sit exactly
 * on their center and codes equal to one already chosen. Candidates are ordered by distance (descending),
 * then row (ascending), so the choice does not depend on the thread count. If the data has too few
 * distinct codes, the remaining clusters keep their center and stay empty.
 *
 * <p>Costs one extra pass over the codes, only in iterations that produced empty clusters.
 */
final class EmptyClusterReseeding {
    private EmptyClusterReseeding() {
    }

    private record Candidate(long row, float distance) {
    }

    private static final Comparator<Candidate> FARTHEST_FIRST =
            Comparator.comparingDouble((Candidate c) -> -c.distance()).thenComparingLong(Candidate::row);

    /**
     * Re-seeds the clusters with {@code sizes[c] == 0}, writing their rows of {@code centers}.
     *
     * @param tables the tables the current {@code labels} were assigned with
     * @return how many clusters were re-seeded
     */
    static int reseed(CodeStore codes, CodingSpaceCodebooks books, CenterLookupTables tables, RowLabels labels,
                      long[] sizes, float[] centers, Kernels kernels, WorkerPool pool) {
        int[] empty = IntStream.range(0, sizes.length).filter(c -> sizes[c] == 0).toArray();
        if (empty.length == 0) {
            return 0;
        }
        int m = books.m;
        long rows = codes.rows();
        int chunks = AssignmentPass.chunkCount(rows);
        // Enough spares per chunk for skipped duplicates and exhausted donors in ordinary cases.
        int keep = (int) Math.min(AssignmentPass.CHUNK_ROWS, 2L * empty.length + 16);
        @SuppressWarnings("unchecked")
        List<Candidate>[] perChunk = new List[chunks];
        pool.run(chunks, chunk -> {
            long first = (long) chunk * AssignmentPass.CHUNK_ROWS;
            int n = (int) Math.min(AssignmentPass.CHUNK_ROWS, rows - first);
            byte[] buffer = new byte[n * m];
            int[] nearest = new int[n];
            float[] distance = new float[n];
            int[] chunkLabels = labels.chunk(chunk);
            codes.read(first, n, buffer, 0);
            tables.nearest(kernels, buffer, 0, n, m, books.ks, nearest, distance, 0);
            // Min-heap on "farthest first" order keeps the best `keep` candidates.
            PriorityQueue<Candidate> best = new PriorityQueue<>(keep + 1, FARTHEST_FIRST.reversed());
            for (int i = 0; i < n; i++) {
                if (distance[i] > 0f && sizes[chunkLabels[i]] > 1) {
                    best.add(new Candidate(first + i, distance[i]));
                    if (best.size() > keep) {
                        best.poll();
                    }
                }
            }
            perChunk[chunk] = new ArrayList<>(best);
        });
        List<Candidate> all = new ArrayList<>();
        for (List<Candidate> list : perChunk) {
            all.addAll(list);
        }
        all.sort(FARTHEST_FIRST);

        long[] donations = new long[sizes.length];
        for (int c = 0; c < sizes.length; c++) {
            donations[c] = Math.max(0, sizes[c] - 1);
        }
        List<byte[]> chosen = new ArrayList<>();
        byte[] code = new byte[m];
        int next = 0;
        for (Candidate candidate : all) {
            if (next == empty.length) {
                break;
            }
            int donor = labels.get(candidate.row());
            if (donations[donor] == 0) {
                continue;
            }
            codes.read(candidate.row(), 1, code, 0);
            boolean duplicate = false;
            for (byte[] other : chosen) {
                if (Arrays.equals(other, code)) {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate) {
                continue;
            }
            donations[donor]--;
            chosen.add(code.clone());
            books.decode(code, 0, centers, empty[next] * books.dim);
            next++;
        }
        return next;
    }
}
