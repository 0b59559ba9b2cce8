/**
 * The parse cache: what discovery learnt from a file, keyed by the file's content hash, so a
 * repeated listing of an unchanged tree parses nothing.
 */
package dev.tach.discovery.cache;
