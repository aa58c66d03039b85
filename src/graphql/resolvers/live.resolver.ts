import { Args, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../context';
import type { FollowOptions, LiveFeed } from '../live/live-feed';
import { ArticleAddedArgs, NewsItemAddedArgs, StoryUpdatedArgs } from '../types/live-inputs';
import { ArticleAddedEvent, NewsItemAddedEvent, StoryUpdatedEvent } from '../types/live.type';
import { sourceRowIds } from './filter-ids';

/** The context of a subscription: the resolvers' context, the process's live feed, and how this subscription is followed. */
export interface LiveContext extends Context {
  live: LiveFeed;
  follow: Omit<FollowOptions, 'after'>;
}

type Subscribed<Args> = SubscribeResolverData<unknown, Args, LiveContext>;

/** Subscriptions: each event is the node a commit added, pushed as it is stored (see LiveFeed). */
@Resolver()
export class LiveResolver {
  @Subscription(() => ArticleAddedEvent, {
    description: 'Each article stored from now on (or after `after`) that the `articles` list with `filter` would hold, oldest change first.',
    subscribe: async ({ args, context }: Subscribed<ArticleAddedArgs>) => {
      const filter = await context.services.articles.checkedFilter({ ...args.filter, sourceIds: sourceRowIds(args.filter?.sourceIds) });
      return context.live.articleAdded(filter, { ...context.follow, after: args.after });
    },
  })
  articleAdded(@Root() event: ArticleAddedEvent, @Args() _args: ArticleAddedArgs): ArticleAddedEvent {
    return event;
  }

  @Subscription(() => NewsItemAddedEvent, {
    description: 'Each headline stored from now on (or after `after`) that the `newsItems` list with `filter` would hold, oldest change first.',
    subscribe: async ({ args, context }: Subscribed<NewsItemAddedArgs>) => {
      const filter = await context.services.newsItems.checkedFilter({ ...args.filter, sourceIds: sourceRowIds(args.filter?.sourceIds) });
      return context.live.newsItemAdded(filter, { ...context.follow, after: args.after });
    },
  })
  newsItemAdded(@Root() event: NewsItemAddedEvent, @Args() _args: NewsItemAddedArgs): NewsItemAddedEvent {
    return event;
  }

  @Subscription(() => StoryUpdatedEvent, {
    description: 'Each story started or changed (a headline joined it) from now on (or after `after`) that the `stories` list with `filter` would hold, as it is after the change.',
    subscribe: async ({ args, context }: Subscribed<StoryUpdatedArgs>) => {
      const filter = await context.services.stories.checkedFilter({ ...args.filter, sourceIds: sourceRowIds(args.filter?.sourceIds) });
      return context.live.storyUpdated(filter, { ...context.follow, after: args.after });
    },
  })
  storyUpdated(@Root() event: StoryUpdatedEvent, @Args() _args: StoryUpdatedArgs): StoryUpdatedEvent {
    return event;
  }
}
