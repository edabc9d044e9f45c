#include "elf/elf.h"
