package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor of clostera-core (src/main/java/module-info.java): only the API packages are exported,
 * the internals only to clostera's own modules, and a fit runs with the library on the module path. The tests
 * themselves run on the class path; here the module is resolved from target/classes and its dependencies'
 * jars into a layer of its own. Also run without the Vector API module (the kernels-scalar execution).
 */
class ModuleDescriptorTest {
    private static final String MODULE = "org.clostera.core";

    @Test
    void exportsOnlyTheApiPackagesAndTheInternalsOnlyToClosteraModules() {
        ModuleDescriptor descriptor = ModuleFinder.of(location(Clusterer.class)).find(MODULE).orElseThrow()
                .descriptor();
        Set<String> api = new TreeSet<>();
        Map<String, Set<String>> qualified = new TreeMap<>();
        for (ModuleDescriptor.Exports e : descriptor.exports()) {
            if (e.isQualified()) {
                qualified.put(e.source(), new TreeSet<>(e.targets()));
            } else {
                api.add(e.source());
            }
        }
        assertThat(api).containsExactly("org.clostera", "org.clostera.cluster", "org.clostera.data",
                "org.clostera.metrics", "org.clostera.quantize");
        assertThat(qualified).containsOnlyKeys("org.clostera.internal", "org.clostera.internal.autok",
                "org.clostera.internal.kernels", "org.clostera.internal.kmeans", "org.clostera.internal.parallel",
                "org.clostera.internal.persist");
        assertThat(qualified.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("org.clostera.io", "org.clostera.cli", "org.clostera.bench",
                        "org.clostera.spark");
        // Every package that is not API is internal.
        assertThat(descriptor.packages().stream().filter(p -> !api.contains(p)))
                .allMatch(p -> p.startsWith("org.clostera.internal"));
        assertThat(descriptor.requires()).anyMatch(r -> r.name().equals("jdk.incubator.vector")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC));
    }

    @Test
    void fitsTheSameOnTheModulePathAsOnTheClassPath() throws Exception {
        ModuleLayer layer = moduleLayer();
        Module core = layer.findModule(MODULE).orElseThrow();
        assertThat(core.isExported("org.clostera")).isTrue();
        assertThat(core.isExported("org.clostera.internal.kmeans")).isFalse();

        float[][] vectors = threeGroups();
        Object builder = layer.findLoader(MODULE).loadClass("org.clostera.Clusterer").getMethod("builder")
                .invoke(null);
        Class<?> builderType = builder.getClass();
        builderType.getMethod("k", Integer.class).invoke(builder, 3);
        builderType.getMethod("fastest", boolean.class).invoke(builder, true);
        builderType.getMethod("subquantizers", int.class).invoke(builder, 4);
        builderType.getMethod("codebookSize", int.class).invoke(builder, 16);
        Object model = builderType.getMethod("fit", float[][].class).invoke(builder, (Object) vectors);
        assertThat(model.getClass().getModule()).isSameAs(core);
        int[] labels = (int[]) model.getClass().getMethod("labels").invoke(model);

        int[] classPath = Clusterer.builder().k(3).fastest(true).subquantizers(4).codebookSize(16).fit(vectors)
                .labels();
        assertThat(labels).isEqualTo(classPath);
        assertThat(Set.of(labels[0], labels[1], labels[2])).hasSize(3);
    }

    /** clostera-core (target/classes, an exploded module) and the jars it requires, in a layer of their own. */
    private static ModuleLayer moduleLayer() {
        ModuleFinder finder = ModuleFinder.of(location(Clusterer.class), location(org.slf4j.Logger.class),
                location(org.slf4j.simple.SimpleLogger.class), location(dev.ludovic.netlib.blas.BLAS.class),
                location(dev.ludovic.netlib.lapack.LAPACK.class), location(org.netlib.util.intW.class));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration, List.of(boot),
                ClassLoader.getPlatformClassLoader());
        enableNativeAccess(controller, "dev.ludovic.netlib.blas", "dev.ludovic.netlib.lapack");
        return controller.layer();
    }

    /**
     * Lets netlib load native BLAS/LAPACK in the layer as {@code --enable-native-access} does on the class path:
     * JDK 22+ warns otherwise ({@code Controller.enableNativeAccess}, called reflectively as the build targets
     * Java 21, which has neither the method nor the warning).
     */
    private static void enableNativeAccess(ModuleLayer.Controller controller, String... modules) {
        Method enable;
        try {
            enable = ModuleLayer.Controller.class.getMethod("enableNativeAccess", Module.class);
        } catch (NoSuchMethodException e) {
            return;
        }
        for (String name : modules) {
            try {
                enable.invoke(controller, controller.layer().findModule(name).orElseThrow());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot enable native access for " + name, e);
            }
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 600 rows in 8 dimensions, row i around 10 * (i % 3). */
    private static float[][] threeGroups() {
        Random random = new Random(7);
        float[][] vectors = new float[600][8];
        for (int i = 0; i < vectors.length; i++) {
            for (int j = 0; j < 8; j++) {
                vectors[i][j] = 10 * (i % 3) + (float) random.nextGaussian();
            }
        }
        return vectors;
    }
}
