package dunes.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The one lab context the lab benchmarks share ({@link BuildBenchmark}, {@link CriticalPathBenchmark},
 * {@link ScaleBenchmark}): two lab contexts cannot hold the lab's fixed ports at once, so their
 * configuration must not differ. Its copies of a clone take as long as in the README's lab (20 s,
 * the lab profile's {@code dunes.lab.vsphere.clone-duration}) rather than the build tests' 3 s, so
 * a copy weighs against Dunes's own overhead in a build as it does at a site, where it takes minutes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import(StepClock.class)
@TestPropertySource(properties = "dunes.lab.vsphere.clone-duration=20s")
@interface BenchLab {}
