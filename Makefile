# SPDX-License-Identifier: GPL-2.0-or-later
#
# make                      build kexec and bootinfo for this host
# make CROSS_COMPILE=m68k-linux-gnu- [STATIC=1] [DEPS=prefix]
#                           build them for m68k (DEPS: zlib/liblzma/libzstd)
# make check                unit tests under AddressSanitizer and UBSan
# make WERROR=1 ...         any warning fails the build (as in CI)
# make bench                the cost of a load in the guest (QEMU), into bench/RESULTS.md
# make fuzz                 libFuzzer targets (clang) in build/fuzz/
# make fuzz-long            10 million runs of each, figures for tests/fuzz/RESULTS.md
# make install PREFIX=/usr DESTDIR=...
# make install-integration  the reboot integration (dist/README.md)
# make install-host         for any host: bootinfo, m68k-kexec-plan, m68k-vmcore-dmesg
# make uninstall            remove exactly what the installs installed
# make deb                  the Debian package, into .. (DEBDIR=)

VERSION    := 0.2
CROSS_COMPILE ?=
CC         := $(CROSS_COMPILE)gcc
BUILD      ?= build/$(if $(CROSS_COMPILE),m68k,host)
PREFIX     ?= /usr
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=

WARNINGS   := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wpointer-arith -Wformat=2 -Wimplicit-fallthrough
# WERROR=1 (scripts/test.sh, so CI): a warning fails the build.
ifeq ($(WERROR),1)
WARNINGS   += -Werror
endif
CFLAGS     ?= -Os -g
CPPFLAGS   += -Iinclude -Ilib -Isys -Icli -D_GNU_SOURCE -DMK_VERSION='"$(VERSION)"'
# Small programs for small machines: each function and object in its own
# section, so that the link drops what a program does not use.
ALL_CFLAGS := -std=gnu11 $(WARNINGS) -ffunction-sections -fdata-sections $(CFLAGS)
GC_SECTIONS := -Wl,--gc-sections
ifneq ($(DEPS),)
CPPFLAGS   += -I$(DEPS)/include
LDFLAGS    += -L$(DEPS)/lib
endif
ifeq ($(STATIC),1)
LDFLAGS    += -static
endif

# A decoder is used when its header and library link here; a build
# without one still works and names the format it cannot read.
HASH := \#
probe = $(shell printf '$(HASH)include <$(1)>\nint main(void){return 0;}\n' | \
	$(CC) $(CPPFLAGS) -x c - -o /dev/null $(LDFLAGS) $(2) >/dev/null 2>&1 && echo y)
ifneq ($(NO_ZLIB),1)
ifeq ($(call probe,zlib.h,-lz),y)
CPPFLAGS += -DHAVE_ZLIB
LIBS     += -lz
endif
endif
ifneq ($(NO_LZMA),1)
ifeq ($(call probe,lzma.h,-llzma),y)
CPPFLAGS += -DHAVE_LZMA
LIBS     += -llzma
endif
endif
ifneq ($(NO_ZSTD),1)
ifeq ($(call probe,zstd.h,-lzstd),y)
CPPFLAGS += -DHAVE_ZSTD
LIBS     += -lzstd
endif
endif

LIB_SRC    := lib/error.c lib/number.c lib/elf.c lib/bootinfo.c lib/describe.c lib/cmdline.c \
              lib/plan.c lib/bicheck.c lib/crash.c lib/printk.c lib/kdumpconf.c lib/dumpfilter.c lib/cpio.c \
              lib/blkid.c
SYS_SRC    := sys/file.c sys/decode.c sys/decode_gzip.c sys/decode_xz.c sys/decode_zstd.c \
              sys/kexec.c sys/crash.c
CLI_COMMON := cli/print.c
LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/%.o)
SYS_OBJ    := $(SYS_SRC:%.c=$(BUILD)/%.o)
COMMON_OBJ := $(CLI_COMMON:%.c=$(BUILD)/%.o)

# The build remembers how it was configured: when the compiler, the
# flags, DEPS or the decoders found change, everything in $(BUILD) is
# built again (a new DEPS prefix would otherwise leave the old libraries
# linked in).
CONFIG      := $(BUILD)/.config
CONFIG_LINE := $(CC) | $(CPPFLAGS) | $(ALL_CFLAGS) | $(LDFLAGS) $(GC_SECTIONS) | $(LIBS)
ifneq ($(CONFIG_LINE),$(file <$(CONFIG)))
$(shell mkdir -p $(BUILD))
$(file >$(CONFIG),$(CONFIG_LINE))
endif
DEPS_LIBS  := $(if $(DEPS),$(wildcard $(DEPS)/lib/*.a))

PROGRAMS   := $(BUILD)/kexec $(if $(wildcard cli/bootinfo.c),$(BUILD)/bootinfo) \
              $(if $(wildcard cli/vmcore-dmesg.c),$(BUILD)/vmcore-dmesg) \
              $(if $(wildcard cli/kdump-config.c),$(BUILD)/kdump-config)

.PHONY: all check clean install uninstall test demo e2e fuzz fuzz-long
all: $(PROGRAMS)

$(BUILD)/%.o: %.c $(wildcard include/*.h lib/*.h sys/*.h cli/*.h) Makefile $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libm68kexec.a: $(LIB_OBJ)
	$(CROSS_COMPILE)ar rcs $@ $^

KEXEC_OBJ  := $(BUILD)/cli/kexec_opts.o $(BUILD)/cli/kexec_print.o
$(BUILD)/kexec: $(BUILD)/cli/kexec.o $(KEXEC_OBJ) $(COMMON_OBJ) $(SYS_OBJ) $(BUILD)/libm68kexec.a \
		$(CONFIG) $(DEPS_LIBS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(GC_SECTIONS) -o $@ $(filter %.o %.a,$(filter-out $(DEPS_LIBS),$^)) $(LIBS)

$(BUILD)/bootinfo: $(BUILD)/cli/bootinfo.o $(COMMON_OBJ) $(SYS_OBJ) $(BUILD)/libm68kexec.a \
		$(CONFIG) $(DEPS_LIBS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(GC_SECTIONS) -o $@ $(filter %.o %.a,$(filter-out $(DEPS_LIBS),$^)) $(LIBS)

# The kernel log from a dump: the core alone (no sys/, no decoders).
$(BUILD)/vmcore-dmesg: $(BUILD)/cli/vmcore-dmesg.o $(BUILD)/cli/vmcore.o $(BUILD)/libm68kexec.a \
		$(CONFIG) $(DEPS_LIBS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(GC_SECTIONS) -o $@ $(filter %.o %.a,$(filter-out $(DEPS_LIBS),$^))

# kdump as a service (kdump-config.8): the boot service's loader and,
# statically linked, the capture initramfs' /init.  Its encoders are
# zlib's and libzstd's ($(LIBS)).
KDUMP_OBJ  := $(BUILD)/cli/kdump-config.o $(BUILD)/cli/kdump_save.o $(BUILD)/cli/vmcore.o
$(BUILD)/kdump-config: $(KDUMP_OBJ) $(COMMON_OBJ) $(SYS_OBJ) $(BUILD)/libm68kexec.a \
		$(CONFIG) $(DEPS_LIBS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(GC_SECTIONS) -o $@ $(filter %.o %.a,$(filter-out $(DEPS_LIBS),$^)) $(LIBS)

# Unit tests: the core and the tools, built with ASan and UBSan, in
# $(CHECK_BUILD) (two checkouts' or two people's runs: one each).
CHECK_BUILD ?= build/asan
check:
	$(MAKE) BUILD=$(CHECK_BUILD) CROSS_COMPILE= STATIC= \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" all $(CHECK_BUILD)/unit-tests
	tests/unit/run.sh $(CHECK_BUILD)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
$(CHECK_BUILD)/unit-tests: $(UNIT_SRC) tests/unit/harness.h tests/unit/tool.h tests/unit/printk_text.h tests/unit/sys_util.h $(BUILD)/libm68kexec.a $(SYS_OBJ) $(COMMON_OBJ)
	@mkdir -p $@
	for t in $(UNIT_SRC); do \
		$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@/$$(basename $$t .c) $$t \
			$(SYS_OBJ) $(COMMON_OBJ) $(BUILD)/libm68kexec.a $(LIBS) || exit 1; \
	done
	@touch $@

# Fuzzing (tests/fuzz/): one libFuzzer binary per parser, ASan + UBSan.
FUZZ_CC      ?= clang
FUZZ_TARGETS := elf bootinfo plan cmdline file crash args printk kdumpconf dumpfilter
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all
fuzz: $(FUZZ_TARGETS:%=build/fuzz/fuzz-%) build/fuzz/kexec-record

build/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_SRC) $(SYS_SRC) $(CLI_COMMON) \
		$(wildcard include/*.h lib/*.h sys/*.h cli/*.h) Makefile
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=gnu11 $(CPPFLAGS) -Itests/fuzz $(WARNINGS) $(FUZZ_FLAGS) -o $@ $< \
		$(FUZZ_EXTRA) $(LIB_SRC) $(SYS_SRC) $(CLI_COMMON) $(LIBS)

# The args target links the CLI's own parser.
build/fuzz/fuzz-args: cli/kexec_opts.c
build/fuzz/fuzz-args: FUZZ_EXTRA := cli/kexec_opts.c

# The CLI with a test double for kexec_load (sys/kexec.c): for host tests only.
KEXEC_SRC    := cli/kexec.c cli/kexec_opts.c cli/kexec_print.c
build/fuzz/kexec-record: $(KEXEC_SRC) $(CLI_COMMON) $(SYS_SRC) $(LIB_SRC) \
		$(wildcard include/*.h lib/*.h sys/*.h cli/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(CPPFLAGS) -DMK_TEST_RECORD_KEXEC $(WARNINGS) -O1 -g \
		-fsanitize=address,undefined -o $@ $(KEXEC_SRC) $(CLI_COMMON) $(SYS_SRC) $(LIB_SRC) $(LIBS)

fuzz-long: fuzz
	bash tests/fuzz/long.sh

# Installation: every file is listed in $(MANIFEST) (under DESTDIR), and
# uninstall removes exactly those.  install-integration adds the reboot
# integration: /etc/default/kexec (kept if there is one), the helpers,
# coldreboot, the systemd unit and shutdown hook, the LSB init scripts
# (dist/README.md).  deb builds the Debian package in a copy of the tree.
LIBEXECDIR  ?= $(PREFIX)/libexec
SYSCONFDIR  ?= /etc
UNITDIR     ?= /usr/lib/systemd/system
SHUTDOWNDIR ?= /usr/lib/systemd/system-shutdown
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
MANIFEST    := $(PREFIX)/share/m68k-kexec/manifest
DEBDIR      ?= ..
INSTALL_SH   = SBINDIR=$(SBINDIR) PKGLIBEXECDIR=$(LIBEXECDIR)/m68k-kexec \
               SYSCONFDIR=$(SYSCONFDIR) sh dist/install.sh "$(DESTDIR)" $(MANIFEST)
.PHONY: install-integration install-host deb

# One completion file, installed under each command's name (bash-completion
# loads it from there when the command is first completed).
install_completion = for c in $(1); do \
		$(INSTALL_SH) as 0644 $(BASHCOMPDIR)/$$c dist/completion/m68k-kexec.bash || exit 1; \
	done

install: all
	$(INSTALL_SH) file 0755 $(SBINDIR) $(PROGRAMS)
	$(INSTALL_SH) file 0644 $(MANDIR)/man8 $(wildcard man/*.8)
	$(call install_completion,$(notdir $(PROGRAMS)))

# For any host (the m68k-bootinfo package): bootinfo, and kexec and
# vmcore-dmesg under names no other package has, since kexec-tools ships
# kexec and vmcore-dmesg: m68k-kexec-plan runs the kexec in $(LIBEXECDIR)
# with --dry-run, m68k-vmcore-dmesg is vmcore-dmesg.
install-host: $(BUILD)/kexec $(BUILD)/bootinfo $(BUILD)/vmcore-dmesg $(BUILD)/m68k-vmcore-dmesg.8
	$(INSTALL_SH) file 0755 $(SBINDIR) $(BUILD)/bootinfo dist/m68k-kexec-plan.in
	$(INSTALL_SH) as 0755 $(SBINDIR)/m68k-vmcore-dmesg $(BUILD)/vmcore-dmesg
	$(INSTALL_SH) file 0755 $(LIBEXECDIR)/m68k-kexec $(BUILD)/kexec
	$(INSTALL_SH) file 0644 $(MANDIR)/man8 man/bootinfo.8 dist/m68k-kexec-plan.8 \
		$(BUILD)/m68k-vmcore-dmesg.8
	$(call install_completion,bootinfo m68k-kexec-plan m68k-vmcore-dmesg)

$(BUILD)/m68k-vmcore-dmesg.8: man/vmcore-dmesg.8
	@mkdir -p $(dir $@)
	sed -e 's/vmcore-dmesg/m68k-vmcore-dmesg/g' -e 's/VMCORE-DMESG/M68K-VMCORE-DMESG/g' $< >$@

install-integration:
	$(INSTALL_SH) new 0644 $(SYSCONFDIR)/default/kexec dist/kexec.default
	$(INSTALL_SH) as 0644 $(PREFIX)/share/m68k-kexec/kexec.default dist/kexec.default
	$(INSTALL_SH) file 0755 $(LIBEXECDIR)/m68k-kexec dist/kexec-load.in dist/kexec-exec.in
	$(INSTALL_SH) file 0644 $(LIBEXECDIR)/m68k-kexec dist/kexec-defaults.sh
	$(INSTALL_SH) file 0755 $(SBINDIR) dist/coldreboot.in
	$(INSTALL_SH) file 0644 $(MANDIR)/man8 dist/coldreboot.8
	$(INSTALL_SH) file 0644 $(UNITDIR) dist/kexec-load.service.in
	$(INSTALL_SH) as 0755 $(SHUTDOWNDIR)/m68k-kexec dist/m68k-kexec.shutdown.in
	$(INSTALL_SH) as 0755 $(SYSCONFDIR)/init.d/kexec-load dist/kexec-load.init.in
	$(INSTALL_SH) as 0755 $(SYSCONFDIR)/init.d/kexec dist/kexec.init.in
	$(INSTALL_SH) new 0644 $(SYSCONFDIR)/default/kdump-tools dist/kdump-tools.default
	$(INSTALL_SH) as 0644 $(PREFIX)/share/m68k-kexec/kdump-tools.default dist/kdump-tools.default
	$(INSTALL_SH) file 0644 $(UNITDIR) dist/kdump-tools.service.in
	$(INSTALL_SH) as 0755 $(SYSCONFDIR)/init.d/kdump-tools dist/kdump-tools.init.in

uninstall:
	$(INSTALL_SH) uninstall

deb:
	sh dist/build-deb.sh $(DEBDIR)

# Benchmarks: kexec -l on the e2e kernel under QEMU, sizes, instruction
# counts (bench/run.sh; minutes, not seconds).
.PHONY: bench
bench:
	bash bench/run.sh

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

clean:
	rm -rf build
