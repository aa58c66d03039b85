import { InitialSchema1764270000000 } from './1764270000000-InitialSchema';
import { SourceRefreshState1764280000000 } from './1764280000000-SourceRefreshState';
import { RefreshClaimsInSessions1796001300000 } from './1796001300000-RefreshClaimsInSessions';
import { ArticleEntryHash1796001400000 } from './1796001400000-ArticleEntryHash';
import { CategorySlugSharpS1796001450000 } from './1796001450000-CategorySlugSharpS';
import { ArticleSearch1796001500000 } from './1796001500000-ArticleSearch';
import { Stories1796001600000 } from './1796001600000-Stories';
import { SearchByLanguage1796001700000 } from './1796001700000-SearchByLanguage';
import { NewsItemSearch1796001750000 } from './1796001750000-NewsItemSearch';
import { SearchVectorInline1796001800000 } from './1796001800000-SearchVectorInline';
import { ChangeLog1796001900000 } from './1796001900000-ChangeLog';
import { ChangeSync1796001910000 } from './1796001910000-ChangeSync';
import { ArticleTextLz41796002000000 } from './1796002000000-ArticleTextLz4';
import { SearchDocumentBounded1796002100000 } from './1796002100000-SearchDocumentBounded';
import { DatabaseIdentity1796002200000 } from './1796002200000-DatabaseIdentity';
import { StoryTopKeyBounded1796002300000 } from './1796002300000-StoryTopKeyBounded';
import { LanguageRanges1796002400000 } from './1796002400000-LanguageRanges';
import { SourcePageHealth1796002500000 } from './1796002500000-SourcePageHealth';

/** Every migration in the order it was written; append only. */
export const MIGRATIONS = [InitialSchema1764270000000, SourceRefreshState1764280000000, RefreshClaimsInSessions1796001300000, ArticleEntryHash1796001400000, CategorySlugSharpS1796001450000, ArticleSearch1796001500000, Stories1796001600000, SearchByLanguage1796001700000, NewsItemSearch1796001750000, SearchVectorInline1796001800000, ChangeLog1796001900000, ChangeSync1796001910000, ArticleTextLz41796002000000, SearchDocumentBounded1796002100000, DatabaseIdentity1796002200000, StoryTopKeyBounded1796002300000, LanguageRanges1796002400000, SourcePageHealth1796002500000];
