/**
 * Service provider interfaces: implementations are found with {@link java.util.ServiceLoader}
 * (registered both with {@code provides … with …} and in {@code META-INF/services}) or handed
 * to a {@link dev.tach.api.RunRequest} directly.
 */
package dev.tach.api.spi;
