package dev.tach.platform;

import dev.tach.api.Api;

/**
 * What {@code UFFDIO_API} answered: {@code struct uffdio_api}.
 *
 * @param api the API version ({@code UFFD_API}, 0xAA)
 * @param features every {@code UFFD_FEATURE_*} bit this kernel offers
 * @param ioctls the {@code _UFFDIO_*} bits usable on the descriptor
 */
@Api(Api.Status.EXPERIMENTAL)
public record UffdApi(long api, long features, long ioctls) {

  /** {@code UFFD_FEATURE_PAGEFAULT_FLAG_WP}: write-protect faults on anonymous memory. */
  public boolean writeProtect() {
    return (features & Linux.UFFD_FEATURE_PAGEFAULT_FLAG_WP) != 0;
  }

  /** {@code UFFD_FEATURE_WP_UNPOPULATED}: write-protect covers pages never touched (6.4+). */
  public boolean writeProtectUnpopulated() {
    return (features & Linux.UFFD_FEATURE_WP_UNPOPULATED) != 0;
  }

  /** {@code UFFD_FEATURE_WP_ASYNC}: the kernel resolves write faults itself (6.7+). */
  public boolean writeProtectAsync() {
    return (features & Linux.UFFD_FEATURE_WP_ASYNC) != 0;
  }

  /** {@code UFFD_FEATURE_WP_HUGETLBFS_SHMEM}: write-protect on hugetlbfs and shmem. */
  public boolean writeProtectShmem() {
    return (features & Linux.UFFD_FEATURE_WP_HUGETLBFS_SHMEM) != 0;
  }
}
