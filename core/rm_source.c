#include "rm_source.h"

#include <string.h>

static const char *const rm_source_names[RM_NSOURCE] = {"analyzed", "predicted", "nominal"};

const char *rm_source_name(unsigned s)
{
	return s < RM_NSOURCE ? rm_source_names[s] : NULL;
}

int rm_source_find(const char *s, size_t n)
{
	for (int k = 0; k < RM_NSOURCE; k++)
		if (strlen(rm_source_names[k]) == n && strncmp(s, rm_source_names[k], n) == 0)
			return k;
	return -1;
}
